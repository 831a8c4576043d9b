import type { StateDb } from '../store/state-store.ts';
import { AccessTokens } from './access-tokens.ts';
import { AccountError } from './account-error.ts';
import { Authenticator } from './authenticator.ts';
import { LiveAccess } from './live-access.ts';
import { LoginThrottle, type LoginThrottlePolicies } from './login-throttle.ts';
import { decoyPasswordHash, verifyUserPassword } from './password-hash.ts';
import { passwordProblems } from './password-policy.ts';
import { SessionStore, type SessionRecord } from './sessions.ts';
import { UserDirectory, type User } from './users.ts';

export interface AccountsOptions {
  readonly sessionTtlMs: number;
  readonly sessionIdleMs: number;
  readonly lockout: LoginThrottlePolicies;
  readonly now?: () => number;
}

export interface ClientInfo {
  readonly ip: string;
  readonly userAgent?: string | null;
}

export type SignInResult =
  | { readonly ok: true; readonly user: User; readonly secret: string; readonly session: SessionRecord }
  | { readonly ok: false; readonly reason: 'locked'; readonly retryAfterMs: number }
  | { readonly ok: false; readonly reason: 'invalid' | 'disabled' };

/** Throws weak_password with every reason, for the API and the CLI to show. */
export function assertStrongPassword(password: string, personal: readonly string[]): void {
  const problems = passwordProblems(password, personal);
  if (problems.length > 0) {
    throw new AccountError('weak_password', `Choose a stronger password: ${problems.map((p) => p.message).join(' ')}`, problems);
  }
}

/** Users, sessions, tokens and sign-in throttling over one state store: what the auth plugin and routes use. */
export class Accounts {
  readonly users: UserDirectory;
  readonly sessions: SessionStore;
  readonly tokens: AccessTokens;
  readonly throttle: LoginThrottle;
  readonly authenticator: Authenticator;
  readonly liveAccess: LiveAccess;

  constructor(db: StateDb, opts: AccountsOptions) {
    const now = opts.now ?? Date.now;
    this.users = new UserDirectory(db, now);
    this.sessions = new SessionStore(db, { ttlMs: opts.sessionTtlMs, idleMs: opts.sessionIdleMs }, now);
    this.tokens = new AccessTokens(db, now);
    this.throttle = new LoginThrottle(db, opts.lockout, now);
    this.authenticator = new Authenticator({ users: this.users, sessions: this.sessions, tokens: this.tokens, now });
    this.liveAccess = new LiveAccess(this.authenticator);
    // A disabled or removed user, an ended session or a revoked token closes its live streams at once.
    const recheck = (): void => this.liveAccess.recheck();
    this.users.onChanged((userId) => {
      const user = this.users.get(userId);
      if (!user || user.disabledAt !== null) this.sessions.endAllOf(userId);
      recheck();
    });
    this.sessions.onEnded(recheck);
    this.tokens.onRevoked(recheck);
  }

  /**
   * Checks a password under the lockout rules and starts a session. A wrong username costs the same
   * time as a wrong password; a locked username or address is refused before any password is checked.
   */
  async signIn(username: string, password: string, from: ClientInfo): Promise<SignInResult> {
    const attempt = this.throttle.begin(username, from.ip);
    if (!attempt.allowed) return { ok: false, reason: 'locked', retryAfterMs: attempt.retryAfterMs };
    const found = this.users.byUsername(username);
    const matches = await verifyUserPassword(password, found?.passwordHash ?? (await decoyPasswordHash()));
    if (!found || !matches) return { ok: false, reason: 'invalid' };
    if (found.user.disabledAt !== null) return { ok: false, reason: 'disabled' };
    attempt.succeeded();
    const { secret, session } = this.sessions.create(found.user.id, { ip: from.ip, userAgent: from.userAgent ?? null });
    return { ok: true, user: found.user, secret, session };
  }

  /**
   * A user changes their own password: the current one is checked under the same lockout as a
   * sign-in, and every other session of the user ends (a stolen cookie stops working).
   */
  async changeOwnPassword(userId: string, current: string, next: string, from: ClientInfo & { keepSession: string }): Promise<User> {
    const user = this.users.get(userId);
    const hash = this.users.passwordHash(userId);
    if (!user || hash === null) throw new AccountError('user_not_found', 'Your account no longer exists; ask an admin.');
    const attempt = this.throttle.begin(user.username, from.ip);
    if (!attempt.allowed) {
      throw new AccountError('wrong_password', `Too many wrong passwords: try again in ${Math.ceil(attempt.retryAfterMs / 60_000)} minutes.`, {
        retryAfterMs: attempt.retryAfterMs,
      });
    }
    if (!(await verifyUserPassword(current, hash))) throw new AccountError('wrong_password', 'The current password is wrong.');
    attempt.succeeded();
    assertStrongPassword(next, [user.username, user.displayName]);
    const updated = await this.users.setPassword(userId, next);
    this.sessions.endAllOf(userId, from.keepSession);
    return updated;
  }

  close(): void {
    this.liveAccess.close();
  }
}
