import type { CsvProblem } from '../../../../server/contracts/machinery.ts';

/** One field the server refused, as `{ field: 'body.taxId', message }` in the error's details. */
export interface FieldProblem {
  /** Without the `body.` / `querystring.` prefix: `taxId`, `hourlyRates.excavator`. */
  readonly field: string;
  readonly message: string;
}

/** An HTTP failure with the server's error code and details when it sent them (`{ error: { code, message, details } }`). */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Field-level validation messages, keyed for a form (empty when the error is not about fields). */
  fieldProblems(): FieldProblem[] {
    return fieldProblemsOf(this.details);
  }

  /** Every bad cell of a CSV import (`csv_invalid`), in row order. */
  csvProblems(): CsvProblem[] {
    return csvProblemsOf(this.details);
  }
}

const LOCATION_PREFIXES = ['body.', 'querystring.', 'params.'];

export function fieldProblemsOf(details: unknown): FieldProblem[] {
  if (!Array.isArray(details)) return [];
  const problems: FieldProblem[] = [];
  for (const item of details as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { field, message } = item as { field?: unknown; message?: unknown };
    if (typeof field !== 'string' || typeof message !== 'string') continue;
    const prefix = LOCATION_PREFIXES.find((p) => field.startsWith(p));
    problems.push({ field: prefix === undefined ? field : field.slice(prefix.length), message });
  }
  return problems;
}

export function csvProblemsOf(details: unknown): CsvProblem[] {
  const list = (details as { problems?: unknown } | null | undefined)?.problems;
  if (!Array.isArray(list)) return [];
  return (list as unknown[])
    .filter((p): p is CsvProblem => {
      const c = p as Partial<CsvProblem> | null;
      return c !== null && typeof c === 'object' && typeof c.row === 'number' && typeof c.column === 'string' && typeof c.reason === 'string';
    })
    .sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Readonly<Record<string, QueryValue>>;

/** `/api/x` plus the query parameters that have a value. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? path : `${path}${path.includes('?') ? '&' : '?'}${text}`;
}

export interface ApiClientOptions {
  /** A wall screen's read-only token, sent as `authorization: Kiosk <token>`; null for a signed-in browser. */
  readonly kiosk: string | null;
  readonly fetch?: typeof fetch;
  /** Called on any 401: the session ended or the kiosk link was revoked. */
  readonly onUnauthenticated?: (error: HttpError) => void;
}

interface ErrorBody {
  readonly error?: { readonly code?: unknown; readonly message?: unknown; readonly details?: unknown };
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The dashboard's one way to the HTTP API, on its own origin. A kiosk sends its token in the
 * authorization header (never a cookie); a signed-in browser relies on the session cookie and adds the
 * CSRF token (from GET /api/auth/session) to every state-changing request.
 */
export class ApiClient {
  readonly #kiosk: string | null;
  readonly #fetch: typeof fetch;
  readonly #onUnauthenticated: ((error: HttpError) => void) | undefined;
  #csrfToken: string | null = null;

  constructor(options: ApiClientOptions) {
    this.#kiosk = options.kiosk;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#onUnauthenticated = options.onUnauthenticated;
  }

  get kiosk(): string | null {
    return this.#kiosk;
  }

  setCsrfToken(token: string | null): void {
    this.#csrfToken = token;
  }

  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
    return this.#request<T>('GET', withQuery(path, query), undefined, signal);
  }

  post<T>(path: string, body?: unknown, query?: Query): Promise<T> {
    return this.#request<T>('POST', withQuery(path, query), body === undefined ? undefined : { json: body });
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.#request<T>('PUT', path, { json: body });
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.#request<T>('PATCH', path, { json: body });
  }

  /** `body`: what the route takes besides the path, such as a note for the audit log. */
  delete<T>(path: string, body?: unknown): Promise<T> {
    return this.#request<T>('DELETE', path, body === undefined ? undefined : { json: body });
  }

  /** A CSV file as the request body (registry imports). */
  postCsv<T>(path: string, csv: string, query?: Query): Promise<T> {
    return this.#request<T>('POST', withQuery(path, query), { csv });
  }

  async #request<T>(method: string, path: string, body: { json: unknown } | { csv: string } | undefined, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.#kiosk !== null) headers['authorization'] = `Kiosk ${this.#kiosk}`;
    if (STATE_CHANGING.has(method) && this.#csrfToken !== null) headers['x-csrf-token'] = this.#csrfToken;
    let payload: string | undefined;
    if (body !== undefined && 'json' in body) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body !== undefined) {
      headers['content-type'] = 'text/csv';
      payload = body.csv;
    }
    const response = await this.#fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(payload !== undefined ? { body: payload } : {}),
      ...(signal ? { signal } : {}),
    });
    if (!response.ok) {
      const parsed = (await response.json().catch(() => ({}))) as ErrorBody;
      const code = typeof parsed.error?.code === 'string' ? parsed.error.code : `http_${response.status}`;
      const message = typeof parsed.error?.message === 'string' ? parsed.error.message : `HTTP ${response.status}`;
      const error = new HttpError(response.status, code, message, parsed.error?.details);
      if (response.status === 401) this.#onUnauthenticated?.(error);
      throw error;
    }
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}
