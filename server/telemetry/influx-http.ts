import { z } from 'zod';
import { SkopiaError } from '../errors.ts';

/**
 * A small client for InfluxDB's v1 HTTP API (`/ping`, `/write`, `/query`), which InfluxDB 1.x serves
 * natively and 2.x/3.x serve for compatibility. Plain `fetch` (keep-alive) with our line protocol writes
 * as fast as the `influx` package and spends about a third less client CPU (bench/ingest-store.ts); it
 * also sends 2.x/3.x tokens, and lets every failure be classified for the spool.
 */

export interface InfluxHttpOptions {
  /** Base URL, e.g. http://127.0.0.1:8086 (a path prefix behind a proxy is kept). */
  readonly url: string;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** InfluxDB 2.x/3.x token, sent as `Authorization: Token ...`; exclusive with username/password. */
  readonly token?: string | undefined;
  readonly timeoutMs: number;
}

/** One series of a query answer, as InfluxDB returns it with `epoch=ms`. */
const SeriesSchema = z.object({
  name: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  columns: z.array(z.string()),
  values: z.array(z.array(z.unknown())).optional(),
  partial: z.boolean().optional(),
});
export type InfluxSeries = z.infer<typeof SeriesSchema>;

const StatementResultSchema = z.object({
  statement_id: z.number().optional(),
  series: z.array(SeriesSchema).optional(),
  error: z.string().optional(),
  partial: z.boolean().optional(),
});
export type InfluxStatementResult = z.infer<typeof StatementResultSchema>;

const QueryResponseSchema = z.object({
  results: z.array(StatementResultSchema).optional(),
  error: z.string().optional(),
});

/**
 * Why a request failed. `retryable` means the same data may succeed later (server down, overloaded,
 * credentials or database being fixed), so a write must be kept; otherwise the data itself was refused.
 */
export class InfluxError extends SkopiaError {
  readonly status: number | null;
  readonly retryable: boolean;
  constructor(code: string, message: string, status: number | null, retryable: boolean, options?: ErrorOptions) {
    super(code, message, options);
    this.name = 'InfluxError';
    this.status = status;
    this.retryable = retryable;
  }
}

export class InfluxHttp {
  /** The base URL without credentials, safe to log. */
  readonly url: string;
  readonly #base: URL;
  readonly #authorization: string | undefined;
  readonly #timeoutMs: number;

  constructor(options: InfluxHttpOptions) {
    const base = URL.canParse(options.url) ? new URL(options.url) : null;
    if (base === null || (base.protocol !== 'http:' && base.protocol !== 'https:')) {
      throw new SkopiaError(
        'influx_url_invalid',
        `InfluxDB URL ${JSON.stringify(options.url)} is not an http(s) URL: set one such as http://127.0.0.1:8086.`,
      );
    }
    // fetch refuses URLs with credentials, so credentials written into the URL become basic auth.
    const username = options.username ?? (base.username === '' ? undefined : decodeURIComponent(base.username));
    const password = options.password ?? decodeURIComponent(base.password);
    base.username = '';
    base.password = '';
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    base.search = '';
    base.hash = '';
    if (options.token !== undefined && username !== undefined) {
      throw new SkopiaError(
        'influx_auth_ambiguous',
        'Both an InfluxDB token and a username are set: use the token (InfluxDB 2.x/3.x) or username and password (1.x), not both.',
      );
    }
    this.#base = base;
    this.url = base.href.replace(/\/$/, '');
    this.#timeoutMs = options.timeoutMs;
    if (options.token !== undefined) this.#authorization = `Token ${options.token}`;
    else if (username !== undefined) {
      this.#authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    }
  }

  /** Resolves with the server's version when InfluxDB answers; throws an InfluxError otherwise. */
  async ping(): Promise<string> {
    const answer = await this.#request('ping', { method: 'GET' });
    if (answer.status >= 300) throw failure(this.url, answer.status, 'ping', errorText(answer.text));
    return answer.version ?? 'unknown';
  }

  /** Writes line protocol with millisecond timestamps into database/retentionPolicy. */
  async write(database: string, retentionPolicy: string, body: string): Promise<void> {
    const params = new URLSearchParams({ db: database, rp: retentionPolicy, precision: 'ms' });
    const answer = await this.#request(`write?${params.toString()}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body,
    });
    if (answer.status >= 300) throw failure(this.url, answer.status, 'write', errorText(answer.text));
  }

  /** Runs InfluxQL statements (`;`-separated); throws on the first statement that failed. */
  async query(statements: string, database?: string): Promise<InfluxStatementResult[]> {
    const params = new URLSearchParams({ q: statements, epoch: 'ms' });
    if (database !== undefined) params.set('db', database);
    // POST, because 1.x refuses CREATE/DROP over GET, and long statement lists do not fit a URL.
    const answer = await this.#request('query', { method: 'POST', body: params });
    if (answer.status >= 300) throw failure(this.url, answer.status, 'query', errorText(answer.text));
    const parsed = QueryResponseSchema.safeParse(safeJson(answer.text));
    if (!parsed.success) {
      throw new InfluxError('influx_bad_answer', `InfluxDB at ${this.url} answered a query with something that is not InfluxQL JSON: is the URL right?`, answer.status, false);
    }
    const failed = parsed.data.error ?? parsed.data.results?.find((r) => r.error !== undefined)?.error;
    if (failed !== undefined) {
      throw new InfluxError('influx_query_failed', `InfluxDB refused a query (${failed}). Statement: ${statements.slice(0, 500)}`, answer.status, false);
    }
    return parsed.data.results ?? [];
  }

  /** The body is read inside the timeout too: a server that stalls mid-answer is as unreachable as a silent one. */
  async #request(path: string, init: RequestInit): Promise<{ status: number; text: string; version: string | null }> {
    const headers = new Headers(init.headers);
    if (this.#authorization !== undefined) headers.set('authorization', this.#authorization);
    try {
      const response = await fetch(new URL(path, this.#base), { ...init, headers, signal: AbortSignal.timeout(this.#timeoutMs) });
      const text = await response.text();
      return { status: response.status, text, version: response.headers.get('x-influxdb-version') };
    } catch (error) {
      const reason = networkReason(error, this.#timeoutMs);
      throw new InfluxError(
        'influx_unreachable',
        `InfluxDB at ${this.url} did not answer (${reason}): check that it is running and that the URL is right.`,
        null,
        true,
        { cause: error },
      );
    }
  }
}

function failure(url: string, status: number, what: string, detail: string): InfluxError {
  const said = detail === '' ? '' : `: ${detail}`;
  if (status === 401 || status === 403) {
    return new InfluxError('influx_auth_failed', `InfluxDB at ${url} refused the credentials (HTTP ${status}${said}): check the username and password, or the token.`, status, true);
  }
  if (status === 404 && what === 'write') {
    return new InfluxError('influx_database_missing', `InfluxDB at ${url} has no such database or retention policy (HTTP 404${said}): it is created at start-up, or create the bucket and its DBRP mapping on 2.x/3.x.`, status, true);
  }
  // 408 and 429 are "later", not "never": the same data may pass once the server has breath.
  if (status >= 500 || status === 408 || status === 429) {
    return new InfluxError('influx_unavailable', `InfluxDB at ${url} could not take the ${what} now (HTTP ${status}${said}); it will be retried.`, status, true);
  }
  return new InfluxError('influx_rejected', `InfluxDB at ${url} rejected the ${what} (HTTP ${status}${said}).`, status, false);
}

function networkReason(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs} ms`;
  }
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) return (cause as NodeJS.ErrnoException).code ?? cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** InfluxDB puts the reason in `{"error": "..."}`; a proxy may answer with HTML instead. */
function errorText(text: string): string {
  const json = safeJson(text);
  if (typeof json === 'object' && json !== null && 'error' in json && typeof json.error === 'string') return json.error;
  return text.trim().slice(0, 300);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
