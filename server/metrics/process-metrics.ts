/**
 * The process itself: CPU, memory, and event-loop lag, under the names Prometheus' own client
 * libraries use (process_*, nodejs_*), so stock dashboards and alert rules fit.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { counter, gauge, summary, type MetricFamily } from './prometheus-text.ts';

/** Event-loop lag is sampled on this timer; the histogram records the timer's interval plus the lag. */
const RESOLUTION_MS = 20;
/** Quantiles cover this window: long enough to hold a stall, short enough to show it soon. */
const WINDOW_MS = 60_000;

interface LagWindow {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

function nsToLagSeconds(ns: number): number {
  // The histogram measures the whole timer interval; the lag is what exceeds the resolution.
  return Math.max(0, ns / 1e9 - RESOLUTION_MS / 1000);
}

export class ProcessMetrics {
  readonly #histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  readonly #timer: NodeJS.Timeout;
  #last: LagWindow | null = null;

  constructor() {
    this.#histogram.enable();
    this.#timer = setInterval(() => {
      this.#last = this.#window();
      this.#histogram.reset();
    }, WINDOW_MS);
    this.#timer.unref();
  }

  #window(): LagWindow | null {
    const h = this.#histogram;
    if (h.count === 0) return null;
    return {
      p50: nsToLagSeconds(h.percentile(50)),
      p90: nsToLagSeconds(h.percentile(90)),
      p99: nsToLagSeconds(h.percentile(99)),
      max: nsToLagSeconds(h.max),
    };
  }

  families(): MetricFamily[] {
    const cpu = process.cpuUsage();
    const mem = process.memoryUsage();
    // The last full window once there is one; until then what the first window holds so far.
    const lag = this.#last ?? this.#window();
    return [
      counter('process_cpu_user_seconds_total', 'User CPU time spent by the server process, seconds.', cpu.user / 1e6),
      counter('process_cpu_system_seconds_total', 'System CPU time spent by the server process, seconds.', cpu.system / 1e6),
      counter('process_cpu_seconds_total', 'Total user and system CPU time spent by the server process, seconds.', (cpu.user + cpu.system) / 1e6),
      gauge('process_resident_memory_bytes', 'Resident memory size of the server process, bytes.', mem.rss),
      gauge('process_start_time_seconds', 'Start time of the process since the Unix epoch, seconds.', Math.round((Date.now() - process.uptime() * 1000) / 1000)),
      gauge('nodejs_heap_size_used_bytes', 'V8 heap in use, bytes.', mem.heapUsed),
      gauge('nodejs_heap_size_total_bytes', 'V8 heap reserved, bytes.', mem.heapTotal),
      gauge('nodejs_external_memory_bytes', 'Memory of C++ objects bound to JavaScript (buffers, SQLite), bytes.', mem.external),
      summary('nodejs_eventloop_lag_seconds', `Event-loop lag over the last ${WINDOW_MS / 1000} s: how late timers fire; high values mean the server cannot keep up.`, [
        { quantiles: [[0.5, lag?.p50 ?? null], [0.9, lag?.p90 ?? null], [0.99, lag?.p99 ?? null], [1, lag?.max ?? null]] },
      ]),
    ];
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#histogram.disable();
  }
}
