import type { DispatchStatus, DispatchView, Incident, RankedMachine } from '../../../../server/contracts/dispatch.ts';
import type { DispatchHazard } from '../../../../server/contracts/machinery.ts';
import type { ApiClient } from './http.ts';

/** What a machine is sent to: an alert or a manual incident. */
export interface TargetRef {
  readonly kind: 'alert' | 'incident';
  readonly id: string;
}

export interface SuggestionsAnswer {
  readonly target: { readonly hazard: DispatchHazard; readonly lat: number; readonly lon: number; readonly villageId?: string };
  readonly suggestions: readonly RankedMachine[];
}

export interface NewIncident {
  readonly hazard: DispatchHazard;
  readonly lat: number;
  readonly lon: number;
  readonly description: string;
  readonly source?: string;
}

/** Suggestions, dispatches and incidents (server/http/dispatch-routes.ts, incident-routes.ts). */
export class DispatchApi {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  suggestions(target: TargetRef, limit = 20, signal?: AbortSignal): Promise<SuggestionsAnswer> {
    const query = target.kind === 'alert' ? { alertId: target.id, limit } : { incidentId: target.id, limit };
    return this.#api.get<SuggestionsAnswer>('/api/dispatch/suggestions', query, signal);
  }

  request(machineId: string, target: TargetRef, note?: string): Promise<DispatchView> {
    return this.#api.post<DispatchView>('/api/dispatches', { machineId, target, ...(note ? { note } : {}) });
  }

  transition(id: string, status: DispatchStatus, note?: string): Promise<DispatchView> {
    return this.#api.post<DispatchView>(`/api/dispatches/${encodeURIComponent(id)}/status`, { status, ...(note ? { note } : {}) });
  }

  async list(query: { readonly alertId?: string; readonly incidentId?: string; readonly open?: boolean; readonly limit?: number }): Promise<DispatchView[]> {
    const body = await this.#api.get<{ dispatches: DispatchView[] }>('/api/dispatches', {
      ...query,
      ...(query.open === undefined ? {} : { open: query.open ? 'true' : 'false' }),
    });
    return body.dispatches;
  }

  createIncident(incident: NewIncident): Promise<Incident> {
    return this.#api.post<Incident>('/api/incidents', incident);
  }

  async incidents(status?: 'open' | 'closed'): Promise<Incident[]> {
    const body = await this.#api.get<{ incidents: Incident[] }>('/api/incidents', { status });
    return body.incidents;
  }

  closeIncident(id: string, note?: string): Promise<Incident> {
    return this.#api.post<Incident>(`/api/incidents/${encodeURIComponent(id)}/close`, note ? { note } : {});
  }
}
