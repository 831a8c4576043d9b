import type { AlertDetail, AlertView } from '../../../../server/contracts/alerts.ts';
import type { AlertsApi } from '../api/alerts-api.ts';
import type { EventBus } from './event-bus.ts';
import type { LiveManager } from './live-manager.svelte.ts';
import { handleError } from './notice-manager.svelte.ts';
import { compareAlertUrgency } from './operations-store.ts';

export const ALERT_STATE_FILTERS = ['open', 'firing', 'acknowledged', 'resolved'] as const;
export type AlertStateFilter = (typeof ALERT_STATE_FILTERS)[number];

export interface AlertFilters {
  readonly state: AlertStateFilter;
  /** '' for every hazard. */
  readonly hazard: string;
  /** '' for every severity, else a CAP severity. */
  readonly severity: string;
  /** Matches the rule, the subject and the message, case-insensitively. */
  readonly text: string;
}

export const DEFAULT_ALERT_FILTERS: AlertFilters = { state: 'open', hazard: '', severity: '', text: '' };

/** Pure: the alerts a filter lets through, most urgent first (resolved ones newest first). */
export function filterAlerts(alerts: readonly AlertView[], filters: AlertFilters): AlertView[] {
  const text = filters.text.trim().toLowerCase();
  const list = alerts.filter((alert) => {
    if (filters.state === 'open' ? alert.state === 'resolved' : alert.state !== filters.state) return false;
    if (filters.hazard !== '' && alert.hazard !== filters.hazard) return false;
    if (filters.severity !== '' && alert.severity !== filters.severity) return false;
    if (text === '') return true;
    return [alert.ruleName, alert.subject.name, alert.subject.id, alert.message].some((s) => s.toLowerCase().includes(text));
  });
  return filters.state === 'resolved' ? list.sort((a, b) => b.updatedAt - a.updatedAt) : list.sort(compareAlertUrgency);
}

export type AlertAction = 'acknowledge' | 'resolve';

/**
 * The console's alerts: the list with its filters (open alerts come live; resolved ones are fetched),
 * the one the officer opened with its detail (why it fired), and acknowledging and resolving.
 */
export class AlertManager {
  readonly #bus: EventBus;
  readonly #live: LiveManager;
  readonly #api: AlertsApi;
  #filters = $state.raw<AlertFilters>(DEFAULT_ALERT_FILTERS);
  #resolved = $state.raw<readonly AlertView[]>([]);
  #resolvedLoading = $state(false);
  #selectedId = $state<string | null>(null);
  #detail = $state.raw<AlertDetail | null>(null);
  #detailLoading = $state(false);
  #detailController: AbortController | null = null;

  constructor(bus: EventBus, live: LiveManager, api: AlertsApi) {
    this.#bus = bus;
    this.#live = live;
    this.#api = api;
  }

  get filters(): AlertFilters {
    return this.#filters;
  }

  /** The list as filtered; reactive on the live alerts. */
  get list(): AlertView[] {
    const source = this.#filters.state === 'resolved' ? this.#resolved : this.#live.alerts;
    return filterAlerts(source, this.#filters);
  }

  get loading(): boolean {
    return this.#resolvedLoading;
  }

  get selectedId(): string | null {
    return this.#selectedId;
  }

  /** The opened alert as it is now: live while open, else as the detail last fetched it. */
  get selected(): AlertView | null {
    const id = this.#selectedId;
    if (id === null) return null;
    return this.#live.alerts.find((a) => a.id === id) ?? this.#resolved.find((a) => a.id === id) ?? this.#detail?.alert ?? null;
  }

  get detail(): AlertDetail | null {
    return this.#detail?.alert.id === this.#selectedId ? this.#detail : null;
  }

  get detailLoading(): boolean {
    return this.#detailLoading;
  }

  /** Refetches the opened alert's detail when the live stream changes it (acknowledged elsewhere, resolved). */
  init(): () => void {
    return this.#bus.on('live.alerts', ({ alerts }) => {
      const id = this.#selectedId;
      const shown = this.#detail;
      if (id === null || shown === null || shown.alert.id !== id) return;
      const now = alerts.find((a) => a.id === id);
      if (now === undefined ? shown.alert.state !== 'resolved' : now.updatedAt !== shown.alert.updatedAt) this.#loadDetail(id);
    });
  }

  setFilters(filters: AlertFilters): void {
    const stateChanged = filters.state !== this.#filters.state;
    this.#filters = filters;
    if (stateChanged && filters.state === 'resolved') this.#loadResolved();
  }

  open(id: string | null): void {
    this.#selectedId = id;
    if (id === null) {
      this.#detailController?.abort();
      this.#detail = null;
      return;
    }
    this.#loadDetail(id);
  }

  /** Throws the server's error (a 409 when someone else got there first) for the dialog to show. */
  async act(action: AlertAction, id: string, comment: string): Promise<AlertView> {
    const alert = action === 'acknowledge' ? await this.#api.acknowledge(id, comment) : await this.#api.resolve(id, comment);
    if (action === 'resolve') this.#resolved = [alert, ...this.#resolved.filter((a) => a.id !== id)];
    if (this.#selectedId === id) this.#loadDetail(id);
    return alert;
  }

  #loadResolved(): void {
    this.#resolvedLoading = true;
    this.#api
      .list({ state: 'resolved', limit: 200 })
      .then((alerts) => (this.#resolved = alerts))
      .catch((error: unknown) => handleError(this.#bus, error))
      .finally(() => (this.#resolvedLoading = false));
  }

  #loadDetail(id: string): void {
    this.#detailController?.abort();
    const controller = new AbortController();
    this.#detailController = controller;
    this.#detailLoading = true;
    this.#api
      .detail(id, controller.signal)
      .then((detail) => {
        if (!controller.signal.aborted) this.#detail = detail;
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) handleError(this.#bus, error);
      })
      .finally(() => {
        if (this.#detailController === controller) this.#detailLoading = false;
      });
  }
}
