import type { SensorHistoryView } from '../../../../server/contracts/telemetry.ts';
import { fetchSensorHistory } from '../api/sensors-api.ts';
import type { ApiClient } from '../api/http.ts';
import type { EventBus } from './event-bus.ts';
import { handleError } from './notice-manager.svelte.ts';

export const HISTORY_RANGES = ['6h', '24h', '7d', '30d', '1y'] as const;
export type HistoryRange = (typeof HISTORY_RANGES)[number];

const HOUR = 3_600_000;
export const RANGE_MS: Readonly<Record<HistoryRange, number>> = {
  '6h': 6 * HOUR,
  '24h': 24 * HOUR,
  '7d': 7 * 24 * HOUR,
  '30d': 30 * 24 * HOUR,
  '1y': 365 * 24 * HOUR,
};
/** About one bucket per two pixels of the chart: enough detail, never a flood of points. */
const MAX_POINTS = 360;
/** Zooming in further than this shows nothing new: buckets are at least a second wide anyway. */
const MIN_WINDOW_MS = 60_000;

export interface TimeWindow {
  readonly from: number;
  readonly to: number;
}

/**
 * One sensor's history chart: which metric, which range (6 h to 1 y) and, after drag-to-zoom, which
 * window of it; the server sends min/mean/max buckets sized to the window.
 */
export class HistoryManager {
  readonly #bus: EventBus;
  readonly #api: ApiClient;
  #sensorId = $state<string | null>(null);
  #metric = $state<string | null>(null);
  #range = $state<HistoryRange>('24h');
  /** The zoomed-in window; null shows the whole range up to now. */
  #zoom = $state.raw<TimeWindow | null>(null);
  #window = $state.raw<TimeWindow>({ from: 0, to: 0 });
  #data = $state.raw<SensorHistoryView | null>(null);
  #loading = $state(false);
  #controller: AbortController | null = null;

  constructor(bus: EventBus, api: ApiClient) {
    this.#bus = bus;
    this.#api = api;
  }

  get sensorId(): string | null {
    return this.#sensorId;
  }

  get metric(): string | null {
    return this.#metric;
  }

  get range(): HistoryRange {
    return this.#range;
  }

  get zoomed(): boolean {
    return this.#zoom !== null;
  }

  /** The time span shown (what the last request asked for). */
  get window(): TimeWindow {
    return this.#window;
  }

  get data(): SensorHistoryView | null {
    return this.#data;
  }

  get loading(): boolean {
    return this.#loading;
  }

  /** Opens a sensor's history on a metric (keeping the range the officer last chose). */
  show(sensorId: string, metric: string | null): void {
    this.#sensorId = sensorId;
    this.#metric = metric;
    this.#zoom = null;
    this.#data = null;
    this.#load();
  }

  close(): void {
    this.#controller?.abort();
    this.#sensorId = null;
    this.#data = null;
  }

  setMetric(metric: string): void {
    this.#metric = metric;
    this.#load();
  }

  setRange(range: HistoryRange): void {
    this.#range = range;
    this.#zoom = null;
    this.#load();
  }

  /** Drag-to-zoom: shows [from, to] (clamped to a minute at least). */
  zoomTo(from: number, to: number): void {
    const start = Math.min(from, to);
    const end = Math.max(from, to);
    const middle = (start + end) / 2;
    const half = Math.max(MIN_WINDOW_MS, end - start) / 2;
    this.#zoom = { from: Math.round(middle - half), to: Math.round(middle + half) };
    this.#load();
  }

  /** Halves (factor 0.5) or doubles (2) the window around its middle: the keyboard's way to zoom. */
  zoomBy(factor: number): void {
    const { from, to } = this.#window;
    const middle = (from + to) / 2;
    const half = ((to - from) * factor) / 2;
    if (factor > 1 && to - from >= RANGE_MS[this.#range]) return;
    this.zoomTo(middle - half, Math.min(Date.now(), middle + half));
  }

  resetZoom(): void {
    this.#zoom = null;
    this.#load();
  }

  refresh(): void {
    this.#load();
  }

  #load(): void {
    const sensorId = this.#sensorId;
    const metric = this.#metric;
    if (sensorId === null || metric === null) return;
    const to = this.#zoom?.to ?? Date.now();
    const from = this.#zoom?.from ?? to - RANGE_MS[this.#range];
    this.#window = { from, to };
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.#loading = true;
    fetchSensorHistory(this.#api, { sensorId, metric, from, to, maxPoints: MAX_POINTS }, controller.signal)
      .then((data) => {
        if (!controller.signal.aborted) this.#data = data;
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) handleError(this.#bus, error);
      })
      .finally(() => {
        if (this.#controller === controller) this.#loading = false;
      });
  }
}
