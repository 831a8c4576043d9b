import type { CoverageReport } from '../../../../server/contracts/dispatch.ts';
import type { RegistryApi } from '../api/registry-api.ts';
import type { EventBus } from './event-bus.ts';
import { handleError } from './notice-manager.svelte.ts';

/** Machines move and contracts end: the coverage shown is refetched after changes, at most this often. */
const REFRESH_AFTER_MS = 2_000;

/**
 * The coverage overlay: for each village and hazard, whether a suitable machine is in reach and free.
 * Off until an officer turns it on; while on it follows the machines (each dispatch changes coverage).
 */
export class CoverageManager {
  readonly #bus: EventBus;
  readonly #api: RegistryApi;
  #visible = $state(false);
  #geojson = $state.raw<GeoJSON.FeatureCollection | null>(null);
  #report = $state.raw<CoverageReport | null>(null);
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(bus: EventBus, api: RegistryApi) {
    this.#bus = bus;
    this.#api = api;
  }

  get visible(): boolean {
    return this.#visible;
  }

  /** The map layer's data while the overlay is on; null while off. */
  get geojson(): GeoJSON.FeatureCollection | null {
    return this.#visible ? this.#geojson : null;
  }

  get report(): CoverageReport | null {
    return this.#report;
  }

  init(): () => void {
    const off = this.#bus.on('live.machines', () => {
      if (!this.#visible || this.#timer !== null) return;
      this.#timer = setTimeout(() => {
        this.#timer = null;
        this.#load();
      }, REFRESH_AFTER_MS);
    });
    return () => {
      off();
      if (this.#timer !== null) clearTimeout(this.#timer);
    };
  }

  setVisible(visible: boolean): void {
    this.#visible = visible;
    if (visible) this.#load();
  }

  #load(): void {
    Promise.all([this.#api.coverageGeoJson(), this.#api.coverage()])
      .then(([geojson, report]) => {
        this.#geojson = geojson;
        this.#report = report;
      })
      .catch((error: unknown) => handleError(this.#bus, error));
  }
}
