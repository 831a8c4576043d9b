import type { AccessTokenDto, CreatedTokenDto } from '../../../../server/contracts/accounts.ts';
import { accountProblems } from '../accounts/account-problems.ts';
import type { AccessTokensApi, AccessTokenKind, NewAccessTokenInput } from '../api/access-tokens-api.ts';
import { AdminRecords } from './admin-records.svelte.ts';
import type { EventBus } from './event-bus.ts';
import type { SaveOutcome } from './save-outcome.ts';

/**
 * One kind of access token for admins: kiosk links for wall screens, or API tokens for integrations.
 * The secret of a new token is in the creation's outcome only; the list never has it.
 */
export class AccessTokenManager extends AdminRecords<AccessTokenDto> {
  readonly #api: AccessTokensApi;

  constructor(bus: EventBus, api: AccessTokensApi) {
    super(bus, () => api.list(), accountProblems);
    this.#api = api;
  }

  get kind(): AccessTokenKind {
    return this.#api.kind;
  }

  get tokens(): readonly AccessTokenDto[] {
    return this.records;
  }

  create(input: NewAccessTokenInput): Promise<SaveOutcome<CreatedTokenDto>> {
    return this.change(
      () => this.#api.create(input),
      (tokens, created) => [...tokens, created.token],
    );
  }

  revoke(id: string, note?: string): Promise<SaveOutcome<AccessTokenDto>> {
    return this.change(
      () => this.#api.revoke(id, note),
      (tokens, revoked) => tokens.map((t) => (t.id === id ? revoked : t)),
    );
  }
}
