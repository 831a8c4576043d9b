import type { AlertView } from '../../../../server/contracts/alerts.ts';
import type { EventBus } from './event-bus.ts';

export interface Announcement {
  /** Increases with every announcement, so the same text twice is still read out twice. */
  readonly serial: number;
  readonly alerts: readonly AlertView[];
  readonly at: number;
}

/**
 * What a screen reader should hear when alerts need attention: one announcement per batch of news
 * (raised, more severe, back to firing). The component renders it into an `aria-live` region in the
 * user's language; the wall banner uses it to flag the newest alert.
 */
export class AlertAnnouncer {
  readonly #bus: EventBus;
  #latest = $state.raw<Announcement | null>(null);
  #serial = 0;

  constructor(bus: EventBus) {
    this.#bus = bus;
  }

  get latest(): Announcement | null {
    return this.#latest;
  }

  init(): () => void {
    return this.#bus.on('live.alerts', ({ raised }) => {
      if (raised.length === 0) return;
      this.#latest = { serial: ++this.#serial, alerts: raised, at: Date.now() };
    });
  }
}
