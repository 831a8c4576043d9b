import type { AdminUserDto } from '../../../../server/contracts/accounts.ts';
import { accountProblems } from '../accounts/account-problems.ts';
import { sortUsers } from '../accounts/user-standing.ts';
import type { NewUserInput, UserChanges, UsersApi } from '../api/users-api.ts';
import type { EventBus } from './event-bus.ts';
import { handleError } from './notice-manager.svelte.ts';
import { attemptSave, type SaveOutcome } from './save-outcome.ts';

/**
 * The people who may sign in, for admins: create, change role or name, disable, reset a password, lift
 * a lockout, remove. A refusal comes back field by field (a taken user name, a weak password); the
 * server also refuses to leave nobody an enabled admin, and says so.
 */
export class UserAdminManager {
  readonly #bus: EventBus;
  readonly #api: UsersApi;
  #users = $state.raw<readonly AdminUserDto[]>([]);
  #loading = $state(false);
  #loaded = $state(false);

  constructor(bus: EventBus, api: UsersApi) {
    this.#bus = bus;
    this.#api = api;
  }

  get users(): readonly AdminUserDto[] {
    return this.#users;
  }

  get loading(): boolean {
    return this.#loading;
  }

  get loaded(): boolean {
    return this.#loaded;
  }

  /** Reads the list again (lockouts come and go between visits). */
  async load(): Promise<void> {
    this.#loading = true;
    try {
      this.#users = sortUsers(await this.#api.list());
      this.#loaded = true;
    } catch (error) {
      handleError(this.#bus, error);
    } finally {
      this.#loading = false;
    }
  }

  create(input: NewUserInput): Promise<SaveOutcome<AdminUserDto>> {
    return this.#change(() => this.#api.create(input));
  }

  update(id: string, changes: UserChanges): Promise<SaveOutcome<AdminUserDto>> {
    return this.#change(() => this.#api.update(id, changes));
  }

  unlock(id: string, note?: string): Promise<SaveOutcome<AdminUserDto>> {
    return this.#change(() => this.#api.unlock(id, note));
  }

  async remove(id: string, note?: string): Promise<SaveOutcome<null>> {
    const outcome = await attemptSave(async () => {
      await this.#api.remove(id, note);
      return null;
    }, accountProblems);
    if (outcome.ok) this.#users = this.#users.filter((u) => u.id !== id);
    return outcome;
  }

  async #change(request: () => Promise<AdminUserDto>): Promise<SaveOutcome<AdminUserDto>> {
    const outcome = await attemptSave(request, accountProblems);
    if (outcome.ok) this.#users = sortUsers([...this.#users.filter((u) => u.id !== outcome.value.id), outcome.value]);
    return outcome;
  }
}
