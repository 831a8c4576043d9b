import { describe, expect, it } from 'vitest';
import { LoginThrottle, forgetLoginFailures, type LoginThrottlePolicies } from '../../../server/accounts/login-throttle.ts';
import { ManualClock, memoryDb, MINUTE } from './fixtures.ts';

const policies: LoginThrottlePolicies = {
  user: { maxFailures: 5, baseLockMs: 15 * MINUTE, maxLockMs: 24 * 60 * MINUTE, forgetAfterMs: 60 * MINUTE },
  ip: { maxFailures: 20, baseLockMs: 15 * MINUTE, maxLockMs: 24 * 60 * MINUTE, forgetAfterMs: 60 * MINUTE },
};

function fail(throttle: LoginThrottle, username: string, ip: string, times: number): void {
  for (let i = 0; i < times; i++) expect(throttle.begin(username, ip).allowed).toBe(true);
}

describe('login throttle', () => {
  it('locks a user name after 5 failures, from any address, for 15 minutes', () => {
    const clock = new ManualClock();
    const throttle = new LoginThrottle(memoryDb(), policies, clock.now);
    fail(throttle, 'maria', '10.0.0.1', 5);
    expect(throttle.begin('Maria', '10.0.0.2')).toEqual({ allowed: false, retryAfterMs: 15 * MINUTE });
    expect(throttle.lockedUntil('maria')).toBe(clock.t + 15 * MINUTE);
    clock.advance(15 * MINUTE);
    expect(throttle.begin('maria', '10.0.0.2').allowed).toBe(true);
  });

  it('counts an attempt before it is checked, so a parallel burst gets no more than 5 guesses', () => {
    const throttle = new LoginThrottle(memoryDb(), policies, new ManualClock().now);
    const attempts = Array.from({ length: 50 }, () => throttle.begin('maria', '10.0.0.1'));
    expect(attempts.filter((a) => a.allowed)).toHaveLength(5);
  });

  it('forgets the failures of a user name after a success', () => {
    const throttle = new LoginThrottle(memoryDb(), policies, new ManualClock().now);
    fail(throttle, 'maria', '10.0.0.1', 4);
    const ok = throttle.begin('maria', '10.0.0.1');
    if (ok.allowed) ok.succeeded();
    fail(throttle, 'maria', '10.0.0.1', 4);
    expect(throttle.lockedUntil('maria')).toBeNull();
  });

  it('locks an address after 20 failures over any user names; a success from it does not reset that', () => {
    const throttle = new LoginThrottle(memoryDb(), policies, new ManualClock().now);
    for (let i = 0; i < 19; i++) fail(throttle, `user${i}`, '10.0.0.9', 1);
    const ok = throttle.begin('maria', '10.0.0.9');
    if (ok.allowed) ok.succeeded();
    fail(throttle, 'nikos', '10.0.0.9', 1);
    expect(throttle.begin('eleni', '10.0.0.9').allowed).toBe(false);
    expect(throttle.begin('eleni', '10.0.0.10').allowed).toBe(true);
  });

  it('keeps a lockout across a restart (a new throttle on the same database)', () => {
    const db = memoryDb();
    const clock = new ManualClock();
    fail(new LoginThrottle(db, policies, clock.now), 'maria', '10.0.0.1', 5);
    const restarted = new LoginThrottle(db, policies, clock.now);
    expect(restarted.begin('maria', '10.0.0.3').allowed).toBe(false);
    expect(restarted.lockedUntil('maria')).toBe(clock.t + 15 * MINUTE);
  });

  it('is lifted by an admin, or from the command line while the server runs', () => {
    const db = memoryDb();
    const throttle = new LoginThrottle(db, policies, new ManualClock().now);
    fail(throttle, 'maria', '10.0.0.1', 5);
    expect(throttle.unlock('maria')).toBe(true);
    expect(throttle.begin('maria', '10.0.0.2').allowed).toBe(true);
    fail(throttle, 'maria', '10.0.0.1', 4);
    expect(throttle.begin('maria', '10.0.0.2').allowed).toBe(false);
    forgetLoginFailures(db, 'maria');
    expect(throttle.begin('maria', '10.0.0.2').allowed).toBe(true);
  });
});
