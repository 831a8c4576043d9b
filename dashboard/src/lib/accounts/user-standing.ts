import type { AdminUserDto } from '../../../../server/contracts/accounts.ts';

/** What an admin can do to one user; the screen asks for confirmation where it matters. */
export type UserAction = 'edit' | 'password' | 'disable' | 'enable' | 'unlock' | 'remove';

/** What an admin needs to see of a user at a glance: may they sign in, and if not, why. */
export interface UserStanding {
  readonly disabled: boolean;
  /** Locked out after too many wrong passwords, until `lockedUntil`. */
  readonly locked: boolean;
  readonly lockedUntil: number | null;
}

/** Pure: a user's standing at `now` (a lockout that has run out is no lockout). */
export function userStanding(user: AdminUserDto, now: number): UserStanding {
  const locked = user.lockedUntil !== null && user.lockedUntil > now;
  return { disabled: user.disabledAt !== null, locked, lockedUntil: locked ? user.lockedUntil : null };
}

/** Pure: enabled users first, then by user name; the list an admin scans for whom to change. */
export function sortUsers(users: readonly AdminUserDto[]): AdminUserDto[] {
  return [...users].sort((a, b) => Number(a.disabledAt !== null) - Number(b.disabledAt !== null) || a.username.localeCompare(b.username));
}
