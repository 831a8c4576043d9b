import type { Actor } from '../http/access.ts';
import type { AccessToken, AccessTokens } from './access-tokens.ts';
import { hashSecret, looksLikeSecret } from './secret-token.ts';
import type { SessionRecord, SessionStore } from './sessions.ts';
import type { User, UserDirectory } from './users.ts';

/** How a request proved who it is. */
export type CredentialSource = 'session' | 'kiosk' | 'api';

export interface Authenticated {
  readonly actor: Actor;
  readonly source: CredentialSource;
  readonly tokenHash: string;
}

type Resolved =
  | { readonly kind: 'session'; session: SessionRecord; readonly user: User }
  | { readonly kind: 'token'; token: AccessToken };

interface CacheEntry {
  readonly resolved: Resolved;
  readonly until: number;
}

export interface AuthenticatorOptions {
  readonly users: UserDirectory;
  readonly sessions: SessionStore;
  readonly tokens: AccessTokens;
  readonly now?: () => number;
  /** How long a looked-up credential is trusted without asking the database again. */
  readonly cacheMs?: number;
}

const CACHE_LIMIT = 10_000;

export function userActor(user: User): Actor {
  return { kind: 'user', id: user.id, name: user.username, role: user.role };
}

function tokenActor(token: AccessToken): Actor {
  return token.kind === 'kiosk'
    ? { kind: 'kiosk', id: token.id, name: `kiosk:${token.name}`, role: 'viewer' }
    : { kind: 'token', id: token.id, name: `token:${token.name}`, role: token.role };
}

/**
 * Turns a session secret, kiosk token or API token into an Actor. The hot path: lookups are cached
 * briefly by hash, and the cache is dropped whenever a user changes, a session ends or a token is
 * revoked, so a revocation takes effect on the very next request. Expiry is checked on every use.
 */
export class Authenticator {
  readonly #users: UserDirectory;
  readonly #sessions: SessionStore;
  readonly #tokens: AccessTokens;
  readonly #now: () => number;
  readonly #cacheMs: number;
  readonly #cache = new Map<string, CacheEntry>();

  constructor(opts: AuthenticatorOptions) {
    this.#users = opts.users;
    this.#sessions = opts.sessions;
    this.#tokens = opts.tokens;
    this.#now = opts.now ?? Date.now;
    this.#cacheMs = opts.cacheMs ?? 10_000;
    const drop = (): void => this.#cache.clear();
    opts.users.onChanged(drop);
    opts.sessions.onEnded(drop);
    opts.tokens.onRevoked(drop);
  }

  session(secret: string): Authenticated | null {
    if (!looksLikeSecret('session', secret)) return null;
    return this.#resolve(hashSecret(secret), 'session');
  }

  kiosk(secret: string): Authenticated | null {
    if (!looksLikeSecret('kiosk', secret)) return null;
    return this.#resolve(hashSecret(secret), 'kiosk');
  }

  api(secret: string): Authenticated | null {
    if (!looksLikeSecret('api', secret)) return null;
    return this.#resolve(hashSecret(secret), 'api');
  }

  /** Asks the database, not the cache: for long-lived connections re-checked after a revocation. */
  stillValid(auth: Authenticated): boolean {
    this.#cache.delete(auth.tokenHash);
    return this.#resolve(auth.tokenHash, auth.source) !== null;
  }

  #resolve(tokenHash: string, source: CredentialSource): Authenticated | null {
    const now = this.#now();
    const cached = this.#cache.get(tokenHash);
    const resolved = cached && cached.until > now ? cached.resolved : this.#lookup(tokenHash, source);
    if (!resolved) {
      this.#cache.delete(tokenHash);
      return null;
    }
    if (resolved.kind === 'session') {
      if (source !== 'session' || !this.#sessions.isLive(resolved.session, now)) return this.#forget(tokenHash);
      resolved.session = this.#sessions.touch(resolved.session);
    } else {
      if (resolved.token.kind !== source || !this.#tokens.isUsable(resolved.token, now)) return this.#forget(tokenHash);
      resolved.token = this.#tokens.markUsed(resolved.token);
    }
    if (!cached || cached.until <= now) {
      if (this.#cache.size >= CACHE_LIMIT) this.#cache.clear();
      this.#cache.set(tokenHash, { resolved, until: now + this.#cacheMs });
    }
    const actor = resolved.kind === 'session' ? userActor(resolved.user) : tokenActor(resolved.token);
    return { actor, source, tokenHash };
  }

  #lookup(tokenHash: string, source: CredentialSource): Resolved | null {
    if (source === 'session') {
      const session = this.#sessions.find(tokenHash);
      const user = session ? this.#users.get(session.userId) : null;
      return session && user && user.disabledAt === null ? { kind: 'session', session, user } : null;
    }
    const token = this.#tokens.find(tokenHash);
    return token && token.kind === source ? { kind: 'token', token } : null;
  }

  #forget(tokenHash: string): null {
    this.#cache.delete(tokenHash);
    return null;
  }
}
