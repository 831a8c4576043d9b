import { SvelteMap } from 'svelte/reactivity';
import type { DispatchStatus, DispatchView, Incident, RankedMachine } from '../../../../server/contracts/dispatch.ts';
import type { DispatchApi, NewIncident, TargetRef } from '../api/dispatch-api.ts';
import type { EventBus } from './event-bus.ts';
import type { LiveManager } from './live-manager.svelte.ts';
import { handleError } from './notice-manager.svelte.ts';

export function sameTarget(a: TargetRef | null, b: { readonly kind: string; readonly id: string } | null): boolean {
  return a !== null && b !== null && a.kind === b.kind && a.id === b.id;
}

/**
 * Dispatching machines: the ranked suggestions for one target (an alert or a manual incident) with
 * their reasons, sending one with a click, and following every dispatch live to its end: open ones come
 * from the live stream, and the ones this console has seen close are kept so their end stays visible.
 */
export class DispatchManager {
  readonly #bus: EventBus;
  readonly #live: LiveManager;
  readonly #api: DispatchApi;
  #target = $state.raw<TargetRef | null>(null);
  #suggestions = $state.raw<readonly RankedMachine[]>([]);
  #loading = $state(false);
  /** Machine being sent right now (its button shows progress). */
  #sending = $state<string | null>(null);
  /** Dispatches seen in this session, by id, newest state: closed ones stay here. */
  readonly #seen = new SvelteMap<string, DispatchView>();
  #incidents = $state.raw<readonly Incident[]>([]);
  #controller: AbortController | null = null;

  constructor(bus: EventBus, live: LiveManager, api: DispatchApi) {
    this.#bus = bus;
    this.#live = live;
    this.#api = api;
  }

  get target(): TargetRef | null {
    return this.#target;
  }

  get suggestions(): readonly RankedMachine[] {
    return this.#suggestions;
  }

  get loading(): boolean {
    return this.#loading;
  }

  get sending(): string | null {
    return this.#sending;
  }

  /** Open manual incidents (the map marks them). */
  get incidents(): readonly Incident[] {
    return this.#incidents;
  }

  /** Every dispatch to show: the open ones live, then the ones that closed while this console watched. */
  get all(): DispatchView[] {
    const open = this.#live.dispatches;
    // A handful of dispatches: a scan is cheaper to read than an index.
    const closed = [...this.#seen.values()].filter((d) => !open.some((o) => o.id === d.id)).sort((a, b) => b.requestedAt - a.requestedAt);
    return [...open, ...closed];
  }

  /** The dispatches to one target, newest first. */
  forTarget(target: TargetRef | null): DispatchView[] {
    return this.all.filter((d) => sameTarget(target, d.target));
  }

  init(): () => void {
    const offDispatches = this.#bus.on('live.dispatches', ({ changed }) => {
      if (changed.length === 0) return;
      for (const dispatch of changed) this.#seen.set(dispatch.id, dispatch);
      // A dispatch changes which machines are free: the ranking shown must follow.
      if (this.#target !== null && changed.some((d) => d.status !== 'en_route')) this.#loadSuggestions(false);
      if (changed.some((d) => d.target.kind === 'incident')) this.loadIncidents();
    });
    this.loadIncidents();
    return offDispatches;
  }

  /** Shows the suggestions for a target (null closes the panel). */
  open(target: TargetRef | null): void {
    this.#target = target;
    this.#suggestions = [];
    if (target === null) {
      this.#controller?.abort();
      return;
    }
    this.#loadSuggestions(true);
    // Dispatches to this target from before this console was opened: closed ones too.
    this.#api
      .list({ [target.kind === 'alert' ? 'alertId' : 'incidentId']: target.id, limit: 50 })
      .then((list) => {
        for (const dispatch of list) if (!this.#seen.has(dispatch.id)) this.#seen.set(dispatch.id, dispatch);
      })
      .catch((error: unknown) => handleError(this.#bus, error));
  }

  /** One click: sends the machine. Throws the server's error (machine just taken, contract ended) for the panel. */
  async dispatch(machineId: string, note?: string): Promise<DispatchView> {
    const target = this.#target;
    if (target === null) throw new Error('no dispatch target is open');
    this.#sending = machineId;
    try {
      const dispatch = await this.#api.request(machineId, target, note);
      this.#seen.set(dispatch.id, dispatch);
      this.#loadSuggestions(false);
      return dispatch;
    } finally {
      this.#sending = null;
    }
  }

  async transition(dispatchId: string, status: DispatchStatus, note?: string): Promise<DispatchView> {
    const dispatch = await this.#api.transition(dispatchId, status, note);
    this.#seen.set(dispatch.id, dispatch);
    return dispatch;
  }

  /** Reports a manual incident (a citizen's call, a patrol); open() it next for its suggestions. */
  async createIncident(incident: NewIncident): Promise<Incident> {
    const created = await this.#api.createIncident(incident);
    this.#incidents = [created, ...this.#incidents];
    return created;
  }

  incident(id: string): Incident | undefined {
    return this.#incidents.find((i) => i.id === id);
  }

  loadIncidents(): void {
    this.#api
      .incidents('open')
      .then((incidents) => (this.#incidents = incidents))
      .catch((error: unknown) => handleError(this.#bus, error));
  }

  #loadSuggestions(showLoading: boolean): void {
    const target = this.#target;
    if (target === null) return;
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    if (showLoading) this.#loading = true;
    this.#api
      .suggestions(target, 20, controller.signal)
      .then((answer) => {
        if (!controller.signal.aborted) this.#suggestions = answer.suggestions;
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) handleError(this.#bus, error);
      })
      .finally(() => {
        if (this.#controller === controller) this.#loading = false;
      });
  }
}
