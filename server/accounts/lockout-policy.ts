/**
 * Pure: how failed sign-ins turn into lockouts. After `maxFailures` failures in a row the key is
 * locked for `baseLockMs`; each further lockout doubles it, up to `maxLockMs`. Failures are forgotten
 * after a quiet `forgetAfterMs`, lockouts after a quiet day (counted from the end of the last lock).
 */
export interface LockoutPolicy {
  readonly maxFailures: number;
  readonly baseLockMs: number;
  readonly maxLockMs: number;
  readonly forgetAfterMs: number;
}

export interface FailureState {
  readonly failures: number;
  readonly lockouts: number;
  readonly lockedUntil: number | null;
  readonly lastFailureAt: number;
}

export const LOCKOUTS_FORGOTTEN_AFTER_MS = 24 * 3_600_000;

/** Milliseconds left on a lock; 0 when not locked. */
export function lockRemaining(state: FailureState | undefined, now: number): number {
  return state?.lockedUntil != null && state.lockedUntil > now ? state.lockedUntil - now : 0;
}

/** Time since the last failure or the end of the last lock, whichever is later: a lock is not quiet time. */
function quietFor(state: FailureState, now: number): number {
  return now - Math.max(state.lastFailureAt, state.lockedUntil ?? 0);
}

export function afterFailure(state: FailureState | undefined, policy: LockoutPolicy, now: number): FailureState {
  const quiet = state === undefined ? Infinity : quietFor(state, now);
  const failures = (quiet > policy.forgetAfterMs ? 0 : (state?.failures ?? 0)) + 1;
  const lockouts = quiet > LOCKOUTS_FORGOTTEN_AFTER_MS ? 0 : (state?.lockouts ?? 0);
  if (failures < policy.maxFailures) return { failures, lockouts, lockedUntil: null, lastFailureAt: now };
  const lockMs = Math.min(policy.baseLockMs * 2 ** lockouts, policy.maxLockMs);
  return { failures: 0, lockouts: lockouts + 1, lockedUntil: now + lockMs, lastFailureAt: now };
}

/** Whether the state still matters (a lock, or failures or lockouts not yet forgotten). */
export function isStale(state: FailureState, now: number): boolean {
  return lockRemaining(state, now) === 0 && quietFor(state, now) > LOCKOUTS_FORGOTTEN_AFTER_MS;
}
