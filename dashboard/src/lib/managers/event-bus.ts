import type { AlertView } from '../../../../server/contracts/alerts.ts';
import type { DispatchView } from '../../../../server/contracts/dispatch.ts';
import type { SensorView } from '../../../../server/contracts/live.ts';
import type { MachineView } from '../../../../server/contracts/machinery.ts';
import type { AppError } from './app-error.ts';

/**
 * Every event the dashboard's parts exchange. Managers publish here instead of importing each other,
 * so the map, the wall-mode alert rotation and the officer console can all listen to the same stream.
 */
export interface AppEvents {
  /** A full resync: `sensors` is now the whole truth (sensors missing from it are gone). */
  'live.snapshot': { readonly sensors: readonly SensorView[] };
  /** Sensors changed since the last event, coalesced to one event per animation frame. */
  'live.sensors': { readonly changed: readonly SensorView[] };
  /**
   * The open alerts changed: `alerts` is all of them, most urgent first; `raised` the ones that are news
   * (just raised, more severe, or back to firing), empty on the page's first snapshot.
   */
  'live.alerts': { readonly alerts: readonly AlertView[]; readonly raised: readonly AlertView[] };
  /** The machines changed (status, position); `machines` is all of them. */
  'live.machines': { readonly machines: readonly MachineView[] };
  /**
   * The open dispatches changed; `dispatches` is all of them, newest first, and `changed` each one that
   * changed since the last event, including those that just closed (declined, released, cancelled).
   */
  'live.dispatches': { readonly dispatches: readonly DispatchView[]; readonly changed: readonly DispatchView[] };
  /** The server closed the live stream because its credential ended (revoked kiosk link, expired session). */
  'live.refused': Record<string, never>;
  /** The server answered 401: the session ended or the kiosk link was revoked. */
  'session.lost': { readonly message: string };
  /** Something the user did worked; a short confirmation to show (and to announce to screen readers). */
  'app.done': { readonly message: string };
  /** Something failed in a way the user should hear about. */
  'app.error': { readonly error: AppError };
  /** The failure with this code is over (the region loaded after all); its notice can go. */
  'app.recovered': { readonly code: string };
}

export type AppEventName = keyof AppEvents;
type Listener<E extends AppEventName> = (payload: AppEvents[E]) => void;
type StoredListener = (payload: AppEvents[AppEventName]) => void;

export class EventBus {
  readonly #listeners = new Map<AppEventName, Set<StoredListener>>();

  /** Subscribes; returns the function that unsubscribes (handy as an `$effect` cleanup). */
  on<E extends AppEventName>(event: E, listener: Listener<E>): () => void {
    let set = this.#listeners.get(event);
    if (set === undefined) this.#listeners.set(event, (set = new Set()));
    // Sound: this set is only ever called by emit(event, ...) with the payload type of `event`.
    const stored = listener as StoredListener;
    set.add(stored);
    return () => set.delete(stored);
  }

  emit<E extends AppEventName>(event: E, payload: AppEvents[E]): void {
    const set = this.#listeners.get(event);
    if (set === undefined) return;
    for (const listener of set) {
      // One failing listener must not starve the others (the map must still update if a panel throws).
      try {
        listener(payload);
      } catch (error) {
        console.error(`listener for ${event} failed`, error);
      }
    }
  }
}
