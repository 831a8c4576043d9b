import type { StateDb } from '../store/state-store.ts';
import { afterFailure, isStale, lockRemaining, type FailureState, type LockoutPolicy } from './lockout-policy.ts';

export interface LoginThrottlePolicies {
  /** Per username: protects one account from guessing. */
  readonly user: LockoutPolicy;
  /** Per client address: stops one machine from trying many accounts. Looser, as an office shares one address. */
  readonly ip: LockoutPolicy;
}

export type LoginAttempt =
  | { readonly allowed: true; succeeded(): void }
  | { readonly allowed: false; readonly retryAfterMs: number };

interface Row {
  key: string;
  failures: number;
  lockouts: number;
  locked_until: number | null;
  last_failure_at: number;
}

const toState = (r: Row): FailureState => ({ failures: r.failures, lockouts: r.lockouts, lockedUntil: r.locked_until, lastFailureAt: r.last_failure_at });

export const userKey = (username: string): string => `user:${username.trim().toLowerCase().slice(0, 100)}`;
export const ipKey = (ip: string): string => `ip:${ip}`;

/**
 * Sign-in rate limiting and lockout, per username and per client address. State is in memory for
 * speed and written through to the state store, so a restart does not lift a lockout.
 *
 * An attempt counts as a failure from the moment it starts: a burst of parallel guesses cannot all
 * slip past the check before the first one fails. A success takes it back.
 */
export class LoginThrottle {
  readonly #db: StateDb;
  readonly #policies: LoginThrottlePolicies;
  readonly #now: () => number;
  readonly #states = new Map<string, FailureState>();
  #writesSincePrune = 0;

  constructor(db: StateDb, policies: LoginThrottlePolicies, now: () => number = Date.now) {
    this.#db = db;
    this.#policies = policies;
    this.#now = now;
    for (const r of db.prepare<[], Row>('SELECT * FROM login_failures').all()) {
      const state = toState(r);
      if (!isStale(state, now())) this.#states.set(r.key, state);
    }
  }

  begin(username: string, ip: string): LoginAttempt {
    const now = this.#now();
    const user = userKey(username);
    const address = ipKey(ip);
    let retryAfterMs = Math.max(lockRemaining(this.#states.get(user), now), lockRemaining(this.#states.get(address), now));
    if (retryAfterMs > 0) {
      // Locked in memory: re-read, in case `npm run user:add -- --reset` lifted it from another process.
      this.#reload(user);
      this.#reload(address);
      retryAfterMs = Math.max(lockRemaining(this.#states.get(user), now), lockRemaining(this.#states.get(address), now));
      if (retryAfterMs > 0) return { allowed: false, retryAfterMs };
    }
    const ipBefore = this.#states.get(address);
    this.#set(user, afterFailure(this.#states.get(user), this.#policies.user, now));
    const ipCounted = afterFailure(ipBefore, this.#policies.ip, now);
    this.#set(address, ipCounted);
    return {
      allowed: true,
      succeeded: () => {
        this.#clear(user);
        // Give the address its attempt back, unless other attempts have been counted since.
        if (this.#states.get(address) === ipCounted) {
          if (ipBefore) this.#set(address, ipBefore);
          else this.#clear(address);
        }
      },
    };
  }

  /** When the username is locked out, or null. */
  lockedUntil(username: string): number | null {
    const state = this.#states.get(userKey(username));
    return lockRemaining(state, this.#now()) > 0 ? (state?.lockedUntil ?? null) : null;
  }

  /** An admin lifts a user's lockout (and forgets its failures). */
  unlock(username: string): boolean {
    const had = this.lockedUntil(username) !== null;
    this.#clear(userKey(username));
    return had;
  }

  #set(key: string, state: FailureState): void {
    this.#states.set(key, state);
    this.#db
      .prepare(
        `INSERT INTO login_failures (key, failures, lockouts, locked_until, last_failure_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, lockouts = excluded.lockouts,
           locked_until = excluded.locked_until, last_failure_at = excluded.last_failure_at`,
      )
      .run(key, state.failures, state.lockouts, state.lockedUntil, state.lastFailureAt);
    if (++this.#writesSincePrune >= 1000) this.#prune();
  }

  #reload(key: string): void {
    const row = this.#db.prepare<[string], Row>('SELECT * FROM login_failures WHERE key = ?').get(key);
    if (row) this.#states.set(key, toState(row));
    else this.#states.delete(key);
  }

  #clear(key: string): void {
    this.#states.delete(key);
    this.#db.prepare('DELETE FROM login_failures WHERE key = ?').run(key);
  }

  /** Forgets keys nobody has failed on for a day, so sprayed usernames do not pile up. */
  #prune(): void {
    this.#writesSincePrune = 0;
    const now = this.#now();
    for (const [key, state] of this.#states) if (isStale(state, now)) this.#clear(key);
  }
}

/** Lifts a user's lockout from outside the server (the CLI); a running server notices at the next attempt. */
export function forgetLoginFailures(db: StateDb, username: string): void {
  db.prepare('DELETE FROM login_failures WHERE key = ?').run(userKey(username));
}
