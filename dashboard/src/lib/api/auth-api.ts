import type { SessionInfo } from '../../../../server/contracts/accounts.ts';
import type { ApiClient } from './http.ts';

/** POST /api/auth/login, GET /api/auth/session, POST /api/auth/logout (server/http/auth-routes.ts). */
export class AuthApi {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  session(): Promise<SessionInfo> {
    return this.#api.get<SessionInfo>('/api/auth/session');
  }

  login(username: string, password: string): Promise<SessionInfo> {
    return this.#api.post<SessionInfo>('/api/auth/login', { username, password });
  }

  logout(): Promise<void> {
    return this.#api.post<void>('/api/auth/logout');
  }
}
