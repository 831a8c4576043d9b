import type { AccessTokenDto, CreatedTokenDto } from '../../../../server/contracts/accounts.ts';
import { accountProblems } from '../accounts/account-problems.ts';
import type { AccessTokensApi, AccessTokenKind, NewAccessTokenInput } from '../api/access-tokens-api.ts';
import type { EventBus } from './event-bus.ts';
import { handleError } from './notice-manager.svelte.ts';
import { attemptSave, type SaveOutcome } from './save-outcome.ts';

/**
 * One kind of access token for admins: kiosk links for wall screens, or API tokens for integrations.
 * The secret of a new token is in the creation's outcome only; the list never has it.
 */
export class AccessTokenManager {
  readonly #bus: EventBus;
  readonly #api: AccessTokensApi;
  #tokens = $state.raw<readonly AccessTokenDto[]>([]);
  #loading = $state(false);
  #loaded = $state(false);

  constructor(bus: EventBus, api: AccessTokensApi) {
    this.#bus = bus;
    this.#api = api;
  }

  get kind(): AccessTokenKind {
    return this.#api.kind;
  }

  get tokens(): readonly AccessTokenDto[] {
    return this.#tokens;
  }

  get loading(): boolean {
    return this.#loading;
  }

  get loaded(): boolean {
    return this.#loaded;
  }

  async load(): Promise<void> {
    this.#loading = true;
    try {
      this.#tokens = await this.#api.list();
      this.#loaded = true;
    } catch (error) {
      handleError(this.#bus, error);
    } finally {
      this.#loading = false;
    }
  }

  async create(input: NewAccessTokenInput): Promise<SaveOutcome<CreatedTokenDto>> {
    const outcome = await attemptSave(() => this.#api.create(input), accountProblems);
    if (outcome.ok) this.#tokens = [...this.#tokens, outcome.value.token];
    return outcome;
  }

  async revoke(id: string, note?: string): Promise<SaveOutcome<AccessTokenDto>> {
    const outcome = await attemptSave(() => this.#api.revoke(id, note), accountProblems);
    if (outcome.ok) this.#tokens = this.#tokens.map((t) => (t.id === id ? outcome.value : t));
    return outcome;
  }
}
