import type { AppError } from './app-error.ts';
import { toAppError } from './app-error.ts';
import type { EventBus } from './event-bus.ts';

export interface Notice {
  readonly code: string;
  readonly error: AppError;
  readonly at: number;
}

/** The one place failures become something on screen; one notice per error code, newest wins. */
export class NoticeManager {
  readonly #bus: EventBus;
  readonly #expireAfterMs: number | null;
  #notices = $state.raw<readonly Notice[]>([]);

  /** `expireAfterMs`: notices go by themselves (a wall screen has nobody to dismiss them). */
  constructor(bus: EventBus, expireAfterMs: number | null = null) {
    this.#bus = bus;
    this.#expireAfterMs = expireAfterMs;
  }

  get notices(): readonly Notice[] {
    return this.#notices;
  }

  /** Starts listening; returns the teardown. */
  init(): () => void {
    const offError = this.#bus.on('app.error', ({ error }) => {
      const notice: Notice = { code: error.code, error, at: Date.now() };
      this.#notices = [...this.#notices.filter((n) => n.code !== error.code), notice];
      if (this.#expireAfterMs !== null) {
        setTimeout(() => (this.#notices = this.#notices.filter((n) => n !== notice)), this.#expireAfterMs);
      }
    });
    const offRecovered = this.#bus.on('app.recovered', ({ code }) => this.dismiss(code));
    return () => {
      offError();
      offRecovered();
    };
  }

  dismiss(code: string): void {
    this.#notices = this.#notices.filter((n) => n.code !== code);
  }
}

/** Reports any failure to the user through the bus (and to the console for whoever debugs the screen). */
export function handleError(bus: EventBus, error: unknown): void {
  const appError = toAppError(error);
  console.error(appError.code, appError);
  bus.emit('app.error', { error: appError });
}
