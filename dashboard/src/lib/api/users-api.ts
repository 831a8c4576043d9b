import type { AdminUserDto, RoleName } from '../../../../server/contracts/accounts.ts';
import type { ApiClient } from './http.ts';

/** What the new-user form sends (NewUserRequestSchema). The server checks the name and the password's strength. */
export interface NewUserInput {
  readonly username: string;
  readonly displayName: string;
  readonly role: RoleName;
  readonly password: string;
  readonly note?: string;
}

/** One or more changes to a user (UpdateUserRequestSchema); `note` goes to the audit log. */
export interface UserChanges {
  readonly displayName?: string;
  readonly role?: RoleName;
  readonly disabled?: boolean;
  /** A new password: every session of the user ends. */
  readonly password?: string;
  readonly note?: string;
}

const path = (id: string, rest = ''): string => `/api/users/${encodeURIComponent(id)}${rest}`;
const noteBody = (note: string | undefined): { note: string } | undefined => (note === undefined || note === '' ? undefined : { note });

/** The user directory for admins (server/http/user-routes.ts). Every change is in the audit log. */
export class UsersApi {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  async list(): Promise<AdminUserDto[]> {
    const body = await this.#api.get<{ users: AdminUserDto[] }>('/api/users');
    return body.users;
  }

  create(input: NewUserInput): Promise<AdminUserDto> {
    return this.#api.post('/api/users', input);
  }

  update(id: string, changes: UserChanges): Promise<AdminUserDto> {
    return this.#api.patch(path(id), changes);
  }

  /** Lifts a lockout after too many wrong passwords. */
  unlock(id: string, note?: string): Promise<AdminUserDto> {
    return this.#api.post(path(id, '/unlock'), noteBody(note) ?? {});
  }

  remove(id: string, note?: string): Promise<void> {
    return this.#api.delete(path(id), noteBody(note));
  }
}
