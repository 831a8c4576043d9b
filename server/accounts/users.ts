import { randomUUID } from 'node:crypto';
import type { Role } from '../http/access.ts';
import type { StateDb } from '../store/state-store.ts';
import { AccountError } from './account-error.ts';
import { hashUserPassword } from './password-hash.ts';

/** A user as every API answer and audit entry shows it: never the password hash. */
export interface User {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly passwordChangedAt: number;
  readonly disabledAt: number | null;
}

interface Row {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  created_at: number;
  updated_at: number;
  password_changed_at: number;
  disabled_at: number | null;
}

export interface NewUser {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly password: string;
}

export interface UserChanges {
  readonly displayName?: string;
  readonly role?: Role;
  readonly disabled?: boolean;
}

function toUser(r: Row): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    passwordChangedAt: r.password_changed_at,
    disabledAt: r.disabled_at,
  };
}

/**
 * The user directory in the state store. Password strength is the caller's to check (the API and
 * the CLI say why a password is refused); this class only ever stores scrypt hashes. It refuses any
 * change that would leave no enabled admin, so the system can always be administered.
 */
export class UserDirectory {
  readonly #db: StateDb;
  readonly #now: () => number;
  readonly #changeListeners = new Set<(userId: string) => void>();

  constructor(db: StateDb, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  async create(input: NewUser): Promise<User> {
    const hash = await hashUserPassword(input.password);
    const now = this.#now();
    const id = randomUUID();
    try {
      this.#db
        .prepare(
          `INSERT INTO users (id, username, display_name, role, password_hash, created_at, updated_at, password_changed_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, input.username.toLowerCase(), input.displayName, input.role, hash, now, now, now);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new AccountError('username_taken', `The user name "${input.username}" is taken; choose another.`);
      }
      throw error;
    }
    return this.get(id) as User;
  }

  get(id: string): User | null {
    const row = this.#row(id);
    return row ? toUser(row) : null;
  }

  byUsername(username: string): { user: User; passwordHash: string } | null {
    const row = this.#db.prepare<[string], Row>('SELECT * FROM users WHERE username = ?').get(username);
    return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
  }

  passwordHash(id: string): string | null {
    return this.#row(id)?.password_hash ?? null;
  }

  list(): User[] {
    return this.#db.prepare<[], Row>('SELECT * FROM users ORDER BY username').all().map(toUser);
  }

  count(): number {
    return this.#db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users').get()?.n ?? 0;
  }

  update(id: string, changes: UserChanges): { before: User; after: User } {
    return this.#db.transaction(() => {
      const before = this.get(id);
      if (!before) throw new AccountError('user_not_found', `No user with id "${id}".`);
      const role = changes.role ?? before.role;
      const disabledAt = changes.disabled === undefined ? before.disabledAt : changes.disabled ? (before.disabledAt ?? this.#now()) : null;
      if (before.role === 'admin' && before.disabledAt === null && (role !== 'admin' || disabledAt !== null)) this.#keepAnAdmin(id);
      this.#db
        .prepare('UPDATE users SET display_name = ?, role = ?, disabled_at = ?, updated_at = ? WHERE id = ?')
        .run(changes.displayName ?? before.displayName, role, disabledAt, this.#now(), id);
      const after = this.get(id) as User;
      this.#changed(id);
      return { before, after };
    })();
  }

  async setPassword(id: string, password: string): Promise<User> {
    const hash = await hashUserPassword(password);
    const now = this.#now();
    const changed = this.#db.prepare('UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ? WHERE id = ?').run(hash, now, now, id).changes;
    if (changed === 0) throw new AccountError('user_not_found', `No user with id "${id}".`);
    this.#changed(id);
    return this.get(id) as User;
  }

  remove(id: string): User {
    return this.#db.transaction(() => {
      const before = this.get(id);
      if (!before) throw new AccountError('user_not_found', `No user with id "${id}".`);
      if (before.role === 'admin' && before.disabledAt === null) this.#keepAnAdmin(id);
      this.#db.prepare('DELETE FROM users WHERE id = ?').run(id);
      this.#changed(id);
      return before;
    })();
  }

  /** Called after any change to a user (role, disabled, password, removal): sessions and caches follow. */
  onChanged(listener: (userId: string) => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  #keepAnAdmin(leaving: string): void {
    const others = this.#db
      .prepare<[string], { n: number }>("SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id <> ?")
      .get(leaving)?.n;
    if (!others) throw new AccountError('last_admin', 'This is the last enabled admin: make another user admin first, or nobody could administer Skopia.');
  }

  #changed(id: string): void {
    for (const l of this.#changeListeners) l(id);
  }

  #row(id: string): Row | undefined {
    return this.#db.prepare<[string], Row>('SELECT * FROM users WHERE id = ?').get(id);
  }
}
