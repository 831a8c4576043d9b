import type { RegionView } from '../../../../server/contracts/registry.ts';
import { reconnectDelayMs } from '../api/live-protocol.ts';
import { AppError } from './app-error.ts';
import type { EventBus } from './event-bus.ts';
import { handleError } from './notice-manager.svelte.ts';

const RETRY = { initialMs: 2_000, maxMs: 30_000 } as const;
const ERROR_CODE = 'region_unavailable';

/**
 * The municipality the map draws: boundary, villages, extent, optional basemap. Fetched once; a wall
 * screen that starts before the server does keeps retrying instead of showing an empty page forever.
 */
export class RegionManager {
  readonly #bus: EventBus;
  readonly #load: (signal: AbortSignal) => Promise<RegionView>;
  readonly #onLoaded: (region: RegionView) => void;
  #region = $state.raw<RegionView | null>(null);

  /** `onLoaded`: told once the region is in (the time zone every date is shown in comes from it). */
  constructor(bus: EventBus, load: (signal: AbortSignal) => Promise<RegionView>, onLoaded: (region: RegionView) => void = () => undefined) {
    this.#bus = bus;
    this.#load = load;
    this.#onLoaded = onLoaded;
  }

  get region(): RegionView | null {
    return this.#region;
  }

  /** Resolves once the region is loaded, or when `signal` aborts. */
  async init(signal: AbortSignal = new AbortController().signal): Promise<void> {
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        const region = await this.#load(signal);
        this.#onLoaded(region);
        this.#region = region;
        if (attempt > 0) this.#bus.emit('app.recovered', { code: ERROR_CODE });
        return;
      } catch (error) {
        if (signal.aborted) return;
        const delay = reconnectDelayMs(attempt, RETRY);
        const detail = error instanceof Error ? error.message : String(error);
        handleError(
          this.#bus,
          new AppError(ERROR_CODE, 'error.region', { detail, seconds: Math.round(delay / 1000) }, { cause: error }),
        );
        await sleep(delay, signal);
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
