import type { Role } from '../../server/http/access.ts';
import type { TestServer } from '../helpers/start-server.ts';

/** Calls the API of a test server as a signed-in user of a role (session cookie + CSRF token), through inject. */
export interface Api {
  call(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, options?: { payload?: unknown; headers?: Record<string, string> }): Promise<ApiAnswer>;
}

export interface ApiAnswer {
  readonly status: number;
  readonly headers: Record<string, unknown>;
  readonly text: string;
  /** The JSON body (undefined when the body is not JSON). */
  readonly body: Record<string, unknown> & { error?: { code: string; message: string; details?: unknown } };
}

export async function apiAs(server: TestServer, role: Role | null): Promise<Api> {
  const session = role === null ? null : await server.login(role);
  const auth: Record<string, string> = session ? { cookie: session.cookie, 'x-csrf-token': session['x-csrf-token'] } : {};
  return {
    async call(method, url, options = {}) {
      const payload = options.payload;
      const res = await server.app.inject({
        method,
        url,
        headers: { ...auth, ...options.headers },
        ...(payload === undefined ? {} : { payload: payload as string | object }),
      });
      let body: ApiAnswer['body'] = {};
      try {
        body = res.json<ApiAnswer['body']>();
      } catch {
        // not JSON (CSV, empty)
      }
      return { status: res.statusCode, headers: res.headers, text: res.body, body };
    },
  };
}
