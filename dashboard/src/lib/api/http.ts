/** An HTTP failure with the server's error code when it sent one (`{ error: { code, message } }`). */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
  }
}

interface ErrorBody {
  readonly error?: { readonly code?: unknown; readonly message?: unknown };
}

/** GETs JSON from the dashboard's own origin; the caller states the type it expects (the contract's DTO). */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as ErrorBody;
    const code = typeof body.error?.code === 'string' ? body.error.code : `http_${response.status}`;
    const message = typeof body.error?.message === 'string' ? body.error.message : `HTTP ${response.status}`;
    throw new HttpError(response.status, code, message);
  }
  return (await response.json()) as T;
}
