import type { AlertDetail, AlertState, AlertView } from '../../../../server/contracts/alerts.ts';
import type { ApiClient } from './http.ts';

export interface AlertListQuery {
  /** `open` (firing and acknowledged) or single states. */
  readonly state?: 'open' | AlertState;
  readonly hazard?: string;
  /** Comma-separated CAP severities. */
  readonly severity?: string;
  readonly since?: number;
  readonly limit?: number;
}

/** /api/alerts (server/http/alert-routes.ts). */
export class AlertsApi {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  async list(query: AlertListQuery, signal?: AbortSignal): Promise<AlertView[]> {
    const body = await this.#api.get<{ alerts: AlertView[] }>('/api/alerts', { ...query }, signal);
    return body.alerts;
  }

  detail(id: string, signal?: AbortSignal): Promise<AlertDetail> {
    return this.#api.get<AlertDetail>(`/api/alerts/${encodeURIComponent(id)}`, undefined, signal);
  }

  acknowledge(id: string, comment: string): Promise<AlertView> {
    return this.#api.post<AlertView>(`/api/alerts/${encodeURIComponent(id)}/acknowledge`, { comment });
  }

  resolve(id: string, comment: string): Promise<AlertView> {
    return this.#api.post<AlertView>(`/api/alerts/${encodeURIComponent(id)}/resolve`, { comment });
  }
}
