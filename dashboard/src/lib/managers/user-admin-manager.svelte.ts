import type { AdminUserDto } from '../../../../server/contracts/accounts.ts';
import { accountProblems } from '../accounts/account-problems.ts';
import { sortUsers } from '../accounts/user-standing.ts';
import type { NewUserInput, UserChanges, UsersApi } from '../api/users-api.ts';
import { AdminRecords } from './admin-records.svelte.ts';
import type { EventBus } from './event-bus.ts';
import type { SaveOutcome } from './save-outcome.ts';

/**
 * The people who may sign in, for admins: create, change role or name, disable, reset a password, lift
 * a lockout, remove. A refusal comes back field by field (a taken user name, a weak password); the
 * server also refuses to leave nobody an enabled admin, and says so. The list is read again on each
 * visit (lockouts come and go between visits).
 */
export class UserAdminManager extends AdminRecords<AdminUserDto> {
  readonly #api: UsersApi;

  constructor(bus: EventBus, api: UsersApi) {
    super(bus, async () => sortUsers(await api.list()), accountProblems);
    this.#api = api;
  }

  get users(): readonly AdminUserDto[] {
    return this.records;
  }

  create(input: NewUserInput): Promise<SaveOutcome<AdminUserDto>> {
    return this.#put(() => this.#api.create(input));
  }

  update(id: string, changes: UserChanges): Promise<SaveOutcome<AdminUserDto>> {
    return this.#put(() => this.#api.update(id, changes));
  }

  unlock(id: string, note?: string): Promise<SaveOutcome<AdminUserDto>> {
    return this.#put(() => this.#api.unlock(id, note));
  }

  remove(id: string, note?: string): Promise<SaveOutcome<null>> {
    return this.change(
      async () => {
        await this.#api.remove(id, note);
        return null;
      },
      (users) => users.filter((u) => u.id !== id),
    );
  }

  #put(request: () => Promise<AdminUserDto>): Promise<SaveOutcome<AdminUserDto>> {
    return this.change(request, (users, saved) => sortUsers([...users.filter((u) => u.id !== saved.id), saved]));
  }
}
