import { describe, expect, it } from 'vitest';
import { afterFailure, isStale, lockRemaining, type FailureState } from '../../../server/accounts/lockout-policy.ts';

const MIN = 60_000;
const policy = { maxFailures: 5, baseLockMs: 15 * MIN, maxLockMs: 24 * 60 * MIN, forgetAfterMs: 60 * MIN };

function failures(times: readonly number[], start?: FailureState): FailureState | undefined {
  return times.reduce<FailureState | undefined>((s, t) => afterFailure(s, policy, t), start);
}

describe('lockout policy', () => {
  it('locks for 15 minutes at the fifth failure in a row, not before', () => {
    const four = failures([0, 1, 2, 3]);
    expect(lockRemaining(four, 4)).toBe(0);
    const five = failures([4], four);
    expect(five).toMatchObject({ failures: 0, lockouts: 1, lockedUntil: 4 + 15 * MIN });
    expect(lockRemaining(five, 5 * MIN)).toBe(10 * MIN + 4);
  });

  it.each([
    [1, 15],
    [2, 30],
    [3, 60],
    [4, 120],
    [7, 960],
    [8, 1440],
    [12, 1440],
  ])('lockout number %i lasts %i minutes (doubling, at most a day)', (n, minutes) => {
    let state: FailureState | undefined;
    let t = 0;
    for (let lock = 1; lock <= n; lock++) {
      for (let i = 0; i < 5; i++) state = afterFailure(state, policy, ++t);
      if (lock < n) t = (state?.lockedUntil ?? t) + 1;
    }
    expect(state?.lockouts).toBe(n);
    expect(lockRemaining(state, t)).toBe(minutes * MIN);
  });

  it('forgets failures after an hour of quiet, and lockouts after a day', () => {
    const four = failures([0, 1, 2, 3]);
    expect(afterFailure(four, policy, 3 + 61 * MIN)).toMatchObject({ failures: 1, lockedUntil: null });
    const locked = failures([0, 1, 2, 3, 4]);
    const later = failures([1, 2, 3, 4, 5].map((d) => 25 * 60 * MIN + d), locked);
    expect(later?.lockouts).toBe(1);
  });

  it('calls a state stale only when unlocked and quiet for a day', () => {
    const locked = failures([0, 1, 2, 3, 4]) as FailureState;
    expect(isStale(locked, 10 * MIN)).toBe(false);
    expect(isStale(locked, 25 * 60 * MIN)).toBe(true);
  });
});
