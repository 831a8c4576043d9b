import type { SimulatorStats } from '../runtime/simulator.ts';
import { formatOffset } from '../time/relative-time.ts';

/** "2024-09-16 13:40" in the region's time zone. */
export function formatLocalTime(epochMs: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(epochMs);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** One line: where the run is in simulated time, what it sent, how fast. */
export function progressLine(stats: SimulatorStats, timeZone: string, ratePerSec: number): string {
  const elapsed = stats.simTimeMs - stats.startMs;
  const span = stats.endMs === null ? '' : ` / ${formatOffset(stats.endMs - stats.startMs).slice(1)}, ${Math.floor((100 * elapsed) / (stats.endMs - stats.startMs))}%`;
  const m = stats.messages;
  const failed = m.failed > 0 ? `, ${m.failed} failed` : '';
  const down = stats.gatewaysDown.length > 0 ? ` · down: ${stats.gatewaysDown.join(', ')}` : '';
  const lost = stats.lost > 0 ? ` · ${stats.lost} lost in the network` : '';
  return `${stats.scenario} · ${formatLocalTime(stats.simTimeMs, timeZone)} (${formatOffset(elapsed)}${span}) · ${m.sent} sent, ${m.acknowledged} acked${failed} · ${ratePerSec.toFixed(1)} msg/s${lost}${down}`;
}

/** Messages per second over a sliding window of a few samples. */
export class RateMeter {
  readonly #samples: { at: number; count: number }[] = [];

  sample(count: number, at: number = Date.now()): number {
    this.#samples.push({ at, count });
    while (this.#samples.length > 2 && at - (this.#samples[0]?.at ?? at) > 5000) this.#samples.shift();
    const first = this.#samples[0];
    if (first === undefined || at === first.at) return 0;
    return ((count - first.count) * 1000) / (at - first.at);
  }
}
