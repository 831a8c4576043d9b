/**
 * Shares the phone's position while the machine is on its way: watches the position (the browser asks
 * the contractor once) and posts at most one fix per interval, so a moving truck does not flood a
 * mobile connection. Stops when told; a refusal is remembered and reported, never retried.
 */
export type SharingState = 'off' | 'asking' | 'sharing' | 'denied' | 'unavailable';

export interface PositionSharerOptions {
  readonly send: (lat: number, lon: number, accuracyM: number) => Promise<void>;
  readonly onState: (state: SharingState, lastSentAt: number | null) => void;
  readonly intervalMs?: number;
  readonly geolocation?: Geolocation | undefined;
}

export class PositionSharer {
  readonly #o: PositionSharerOptions;
  #watch: number | null = null;
  #lastSentAt: number | null = null;
  #sending = false;
  #state: SharingState = 'off';

  constructor(options: PositionSharerOptions) {
    this.#o = options;
  }

  get active(): boolean {
    return this.#watch !== null;
  }

  start(): void {
    if (this.#watch !== null || this.#state === 'denied') return;
    const geo = this.#o.geolocation ?? (typeof navigator !== 'undefined' ? navigator.geolocation : undefined);
    if (geo === undefined) {
      this.#set('unavailable');
      return;
    }
    this.#set('asking');
    this.#watch = geo.watchPosition(
      (p) => this.#onFix(p),
      (error) => {
        if (error.code === error.PERMISSION_DENIED) {
          this.stop();
          this.#set('denied');
        } else if (this.#lastSentAt === null) this.#set('unavailable');
      },
      { enableHighAccuracy: true, maximumAge: 15_000, timeout: 60_000 },
    );
  }

  stop(): void {
    if (this.#watch !== null) (this.#o.geolocation ?? navigator.geolocation).clearWatch(this.#watch);
    this.#watch = null;
    if (this.#state === 'asking' || this.#state === 'sharing') this.#set('off');
  }

  #onFix(p: GeolocationPosition): void {
    const now = Date.now();
    if (this.#sending || (this.#lastSentAt !== null && now - this.#lastSentAt < (this.#o.intervalMs ?? 30_000))) return;
    this.#sending = true;
    this.#o
      .send(p.coords.latitude, p.coords.longitude, p.coords.accuracy)
      .then(() => {
        this.#lastSentAt = now;
        this.#set('sharing');
      })
      // A lost fix is replaced by the next one; the page's own requests report a dead connection.
      .catch(() => undefined)
      .finally(() => {
        this.#sending = false;
      });
  }

  #set(state: SharingState): void {
    this.#state = state;
    this.#o.onState(state, this.#lastSentAt);
  }
}
