import { CONTRACTOR_LINK_HEADER, type ContractorAction, type ContractorJob } from '../../../server/contracts/dispatch.ts';

/** A failure with the server's error code, or `network` when the server could not be reached. */
export class ContractorApiError extends Error {
  readonly code: string;
  readonly status: number;
  /** The server names the operations room's phone with a link error, so the page can offer the call. */
  readonly operationsPhone: string | null;
  constructor(status: number, code: string, message: string, operationsPhone: string | null = null) {
    super(message);
    this.name = 'ContractorApiError';
    this.status = status;
    this.code = code;
    this.operationsPhone = operationsPhone;
  }
}

/** The signed link from the URL fragment (`#t=...`): never sent to the server in a URL, so never in its logs. */
export function linkToken(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('t');
  return token === null || token === '' ? null : token;
}

/** The dispatch id is the link's first part; the server checks that it matches. */
export function dispatchIdOf(token: string): string {
  return token.split('.')[0] ?? '';
}

/** Talks to /api/contractor/dispatches/:id with the link in a header, on every call. */
export class ContractorApi {
  readonly #token: string;
  readonly #base: string;

  constructor(token: string) {
    this.#token = token;
    this.#base = `/api/contractor/dispatches/${encodeURIComponent(dispatchIdOf(token))}`;
  }

  async #request<T>(path: string, init: { method: 'GET' | 'POST'; body?: unknown }): Promise<T | null> {
    let response: Response;
    try {
      response = await fetch(`${this.#base}${path}`, {
        method: init.method,
        headers: {
          accept: 'application/json',
          [CONTRACTOR_LINK_HEADER]: this.#token,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        cache: 'no-store',
      });
    } catch (error) {
      throw new ContractorApiError(0, 'network', (error as Error).message);
    }
    if (response.status === 204) return null;
    const body = (await response.json().catch(() => ({}))) as { error?: { code?: unknown; message?: unknown; details?: { operationsPhone?: unknown } } };
    if (!response.ok) {
      const code = typeof body.error?.code === 'string' ? body.error.code : `http_${response.status}`;
      const message = typeof body.error?.message === 'string' ? body.error.message : `HTTP ${response.status}`;
      const phone = body.error?.details?.operationsPhone;
      throw new ContractorApiError(response.status, code, message, typeof phone === 'string' ? phone : null);
    }
    return body as T;
  }

  async job(): Promise<ContractorJob> {
    const job = await this.#request<ContractorJob>('', { method: 'GET' });
    if (job === null) throw new ContractorApiError(204, 'empty', 'no job in the answer');
    return job;
  }

  async act(action: ContractorAction, note?: string): Promise<ContractorJob> {
    const job = await this.#request<ContractorJob>('/actions', { method: 'POST', body: note ? { action, note } : { action } });
    if (job === null) throw new ContractorApiError(204, 'empty', 'no job in the answer');
    return job;
  }

  async position(lat: number, lon: number, accuracyM: number): Promise<void> {
    await this.#request('/position', { method: 'POST', body: { lat, lon, accuracyM: Math.round(accuracyM) } });
  }
}
