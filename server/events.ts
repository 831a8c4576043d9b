import type { Reading } from './contracts/telemetry.ts';
import type { SensorHealth } from './contracts/live.ts';

/** Every event inside the server, by name. Subscribers: live hub, alerts, notifications, CAP feed. */
export interface SkopiaEvents {
  ReadingAccepted: Reading;
  SensorHealthChanged: { readonly sensorId: string; readonly health: SensorHealth };
}

type Handler<T> = (payload: T) => void;

/**
 * A typed, synchronous event bus. Synchronous so that ordering is the order of emission; a handler
 * that throws is logged and does not stop the others (one bad subscriber never stops ingest).
 */
export class EventBus<Events extends object = SkopiaEvents> {
  readonly #handlers = new Map<keyof Events, Set<Handler<never>>>();
  readonly #onError: (error: unknown, event: keyof Events) => void;

  constructor(onError: (error: unknown, event: keyof Events) => void) {
    this.#onError = onError;
  }

  on<K extends keyof Events>(event: K, handler: Handler<Events[K]>): () => void {
    let set = this.#handlers.get(event);
    if (!set) {
      set = new Set();
      this.#handlers.set(event, set);
    }
    set.add(handler);
    return () => set.delete(handler);
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.#handlers.get(event);
    if (!set) return;
    for (const handler of set) {
      try {
        (handler as Handler<Events[K]>)(payload);
      } catch (error) {
        this.#onError(error, event);
      }
    }
  }
}
