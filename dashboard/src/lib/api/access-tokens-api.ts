import type { AccessTokenDto, CreatedTokenDto, RoleName } from '../../../../server/contracts/accounts.ts';
import type { ApiClient } from './http.ts';

/** kiosk: a wall screen's read-only link. api: an integration's bearer token with a role. */
export type AccessTokenKind = 'kiosk' | 'api';

/** What the new-token form sends (NewKioskTokenRequestSchema, NewApiTokenRequestSchema). */
export interface NewAccessTokenInput {
  readonly name: string;
  readonly note?: string;
  /** API tokens only; a kiosk token is always a viewer. */
  readonly role?: RoleName;
  /** API tokens only: epoch ms, in the future; none means it never expires. */
  readonly expiresAt?: number;
}

const BASE: Readonly<Record<AccessTokenKind, string>> = { kiosk: '/api/kiosk-tokens', api: '/api/api-tokens' };

/**
 * Kiosk and API tokens for admins (server/http/kiosk-token-routes.ts, api-token-routes.ts). The secret
 * is in the answer to `create` only: the server keeps nothing but its hash.
 */
export class AccessTokensApi {
  readonly kind: AccessTokenKind;
  readonly #api: ApiClient;
  readonly #base: string;

  constructor(api: ApiClient, kind: AccessTokenKind) {
    this.kind = kind;
    this.#api = api;
    this.#base = BASE[kind];
  }

  async list(): Promise<AccessTokenDto[]> {
    const body = await this.#api.get<{ tokens: AccessTokenDto[] }>(this.#base);
    return body.tokens;
  }

  create(input: NewAccessTokenInput): Promise<CreatedTokenDto> {
    return this.#api.post(this.#base, input);
  }

  revoke(id: string, note?: string): Promise<AccessTokenDto> {
    return this.#api.delete(`${this.#base}/${encodeURIComponent(id)}`, note === undefined || note === '' ? undefined : { note });
  }
}
