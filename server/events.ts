import type { Reading } from './contracts/telemetry.ts';
import type { SensorHealth } from './contracts/live.ts';
import type { MachineView } from './contracts/machinery.ts';
import type { DispatchView } from './contracts/dispatch.ts';
import type { AlertChange, AlertView } from './contracts/alerts.ts';

/** Every event inside the server, by name. Subscribers: live hub, alerts, notifications, CAP feed. */
export interface SkopiaEvents {
  ReadingAccepted: Reading;
  SensorHealthChanged: { readonly sensorId: string; readonly health: SensorHealth };
  /** A machine was created, changed (status, position, contractor) or deleted (`machine` null). */
  MachineChanged: { readonly machineId: string; readonly machine: MachineView | null };
  /** A dispatch was requested or moved along its lifecycle, or the contractor's position or notification changed. */
  DispatchChanged: { readonly dispatchId: string; readonly dispatch: DispatchView };
  /**
   * An alert was raised, changed, acknowledged, escalated or resolved, or its notification log changed.
   * `sensorIds`: the sensors whose alert colour may have changed (before and after the change).
   */
  AlertChanged: { readonly alert: AlertView; readonly change: AlertChange; readonly sensorIds: readonly string[] };
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
