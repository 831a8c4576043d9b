import type { AlertView } from '../../../../server/contracts/alerts.ts';
import type { AlertChime } from './alert-chime.ts';
import type { EventBus } from './event-bus.ts';
import { severityRank } from './sensor-status.ts';

export interface WallOptions {
  /** How long each active alert stays in focus. */
  readonly rotateMs: number;
  /** Play a chime for news (off unless the wall screen's link says `sound=1`). */
  readonly chime: AlertChime | null;
}

/**
 * The wall screen's attention: which active alert is in focus, turning to the next every `rotateMs`,
 * and jumping at once to an alert that is news. With no active alert nothing is in focus and the map
 * shows the whole region.
 */
export class WallManager {
  readonly #bus: EventBus;
  readonly #options: WallOptions;
  #alerts = $state.raw<readonly AlertView[]>([]);
  #focusedId = $state<string | null>(null);
  #soundBlocked = $state(false);
  /** Bumped each time focus moves, so the map flies again even to the same alert. */
  #turn = $state(0);
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(bus: EventBus, options: WallOptions) {
    this.#bus = bus;
    this.#options = options;
  }

  get focused(): AlertView | null {
    if (this.#focusedId === null) return null;
    return this.#alerts.find((a) => a.id === this.#focusedId) ?? null;
  }

  /** 1-based position of the focused alert among the active ones, and how many there are. */
  get position(): { readonly index: number; readonly count: number } {
    const index = this.#alerts.findIndex((a) => a.id === this.#focusedId);
    return { index: index + 1, count: this.#alerts.length };
  }

  get turn(): number {
    return this.#turn;
  }

  get rotateMs(): number {
    return this.#options.rotateMs;
  }

  get soundEnabled(): boolean {
    return this.#options.chime !== null;
  }

  /** The browser refused to play the chime (autoplay policy); the screen says how to allow it. */
  get soundBlocked(): boolean {
    return this.#soundBlocked;
  }

  init(): () => void {
    const off = this.#bus.on('live.alerts', ({ alerts, raised }) => this.#onAlerts(alerts, raised));
    this.#restartTimer();
    return () => {
      off();
      if (this.#timer !== null) clearInterval(this.#timer);
      this.#timer = null;
    };
  }

  #onAlerts(alerts: readonly AlertView[], raised: readonly AlertView[]): void {
    this.#alerts = alerts;
    const news = raised[0];
    if (news !== undefined) {
      this.#focus(news.id, true);
      this.#restartTimer();
      const chime = this.#options.chime;
      if (chime !== null) {
        const urgent = raised.some((a) => severityRank(a.severity) >= 3);
        chime
          .play(urgent)
          .then((played) => (this.#soundBlocked = !played))
          .catch(() => (this.#soundBlocked = true));
      }
      return;
    }
    if (this.#focusedId !== null && alerts.some((a) => a.id === this.#focusedId)) return;
    // The alert in focus was resolved (or there was none): the most urgent one, or the whole region.
    this.#focus(alerts[0]?.id ?? null);
  }

  #advance(): void {
    if (this.#alerts.length === 0) {
      this.#focus(null);
      return;
    }
    const index = this.#alerts.findIndex((a) => a.id === this.#focusedId);
    // A single alert stays in focus without flying again every turn.
    this.#focus(this.#alerts[(index + 1) % this.#alerts.length]?.id ?? null);
  }

  /** `again`: fly there even when it is already in focus (it is news once more). */
  #focus(id: string | null, again = false): void {
    if (id === this.#focusedId && !again) return;
    this.#focusedId = id;
    this.#turn++;
  }

  #restartTimer(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = setInterval(() => this.#advance(), this.#options.rotateMs);
  }
}
