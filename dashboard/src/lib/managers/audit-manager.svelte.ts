import type { AuditApi, AuditEntry, AuditFilters } from '../api/audit-api.ts';
import type { EventBus } from './event-bus.ts';
import { handleError } from './notice-manager.svelte.ts';

const PAGE = 100;

/** The audit log view: newest first, filtered by time, actor and subject, a page at a time. */
export class AuditManager {
  readonly #bus: EventBus;
  readonly #api: AuditApi;
  #filters = $state.raw<AuditFilters>({});
  #entries = $state.raw<readonly AuditEntry[]>([]);
  #nextBeforeId = $state<number | null>(null);
  #loading = $state(false);

  constructor(bus: EventBus, api: AuditApi) {
    this.#bus = bus;
    this.#api = api;
  }

  get filters(): AuditFilters {
    return this.#filters;
  }

  get entries(): readonly AuditEntry[] {
    return this.#entries;
  }

  get hasMore(): boolean {
    return this.#nextBeforeId !== null;
  }

  get loading(): boolean {
    return this.#loading;
  }

  /** The CSV export of what the filters select (a download link; the session cookie goes with it). */
  get csvUrl(): string {
    return this.#api.csvUrl(this.#filters);
  }

  setFilters(filters: AuditFilters): void {
    this.#filters = filters;
    void this.load();
  }

  async load(): Promise<void> {
    await this.#fetch(null);
  }

  async more(): Promise<void> {
    if (this.#nextBeforeId !== null) await this.#fetch(this.#nextBeforeId);
  }

  async #fetch(beforeId: number | null): Promise<void> {
    this.#loading = true;
    try {
      const page = await this.#api.page(this.#filters, beforeId, PAGE);
      this.#entries = beforeId === null ? page.entries : [...this.#entries, ...page.entries];
      this.#nextBeforeId = page.nextBeforeId;
    } catch (error) {
      handleError(this.#bus, error);
    } finally {
      this.#loading = false;
    }
  }
}
