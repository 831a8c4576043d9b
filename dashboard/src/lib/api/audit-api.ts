import type { ApiClient, Query } from './http.ts';
import { withQuery } from './http.ts';

/** One audit entry (AuditEntrySchema in server/contracts/accounts.ts). */
export interface AuditEntry {
  readonly id: number;
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly sourceIp?: string | null;
  readonly note?: string | null;
}

export interface AuditFilters {
  readonly from?: number;
  readonly to?: number;
  readonly actor?: string;
  readonly subject?: string;
}

function query(filters: AuditFilters, extra: Query = {}): Query {
  return { from: filters.from, to: filters.to, actor: filters.actor, subject: filters.subject, ...extra };
}

/** GET /api/audit and the CSV export link (server/http/audit-routes.ts; admins only). */
export class AuditApi {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  page(filters: AuditFilters, beforeId: number | null, limit = 100): Promise<{ entries: AuditEntry[]; nextBeforeId: number | null }> {
    return this.#api.get('/api/audit', query(filters, { limit, beforeId }));
  }

  /** A plain link: the browser downloads it with the session cookie. */
  csvUrl(filters: AuditFilters): string {
    return withQuery('/api/audit.csv', query(filters));
  }
}
