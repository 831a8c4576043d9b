import { EventEmitter } from 'node:events';
import type WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { Accounts } from '../../../server/accounts/accounts.ts';
import { CLOSE_CREDENTIAL_ENDED } from '../../../server/contracts/live.ts';
import { HOUR, ManualClock, memoryDb, MINUTE } from './fixtures.ts';

class FakeSocket extends EventEmitter {
  closedWith: number | null = null;
  close(code: number): void {
    this.closedWith = code;
    this.emit('close', code);
  }
}

const lockout = { maxFailures: 5, baseLockMs: MINUTE, maxLockMs: MINUTE, forgetAfterMs: MINUTE };

function setup() {
  const clock = new ManualClock();
  const accounts = new Accounts(memoryDb(), { sessionTtlMs: 12 * HOUR, sessionIdleMs: 4 * HOUR, lockout: { user: lockout, ip: lockout }, now: clock.now });
  const open = (secret: string, kind: 'kiosk' | 'api' | 'session') => {
    const auth = kind === 'kiosk' ? accounts.authenticator.kiosk(secret) : kind === 'api' ? accounts.authenticator.api(secret) : accounts.authenticator.session(secret);
    if (!auth) throw new Error('no credential');
    const socket = new FakeSocket();
    accounts.liveAccess.track(socket as unknown as WebSocket, auth);
    return socket;
  };
  return { clock, accounts, open };
}

describe('live streams follow their credential', () => {
  it('closes the streams of a revoked kiosk token at once, and only those', () => {
    const { accounts, open } = setup();
    const wall1 = accounts.tokens.create({ kind: 'kiosk', name: 'Wall 1', role: 'viewer', createdBy: 't' });
    const wall2 = accounts.tokens.create({ kind: 'kiosk', name: 'Wall 2', role: 'viewer', createdBy: 't' });
    const a = open(wall1.secret, 'kiosk');
    const b = open(wall1.secret, 'kiosk');
    const c = open(wall2.secret, 'kiosk');
    accounts.tokens.revoke('kiosk', wall1.token.id);
    expect([a.closedWith, b.closedWith, c.closedWith]).toEqual([CLOSE_CREDENTIAL_ENDED, CLOSE_CREDENTIAL_ENDED, null]);
    expect(accounts.liveAccess.size).toBe(1);
    accounts.close();
  });

  it('closes a stream at the next check once its token has expired', () => {
    const { clock, accounts, open } = setup();
    const { secret } = accounts.tokens.create({ kind: 'api', name: 'GIS', role: 'viewer', createdBy: 't', expiresAt: clock.t + HOUR });
    const socket = open(secret, 'api');
    accounts.liveAccess.recheck();
    expect(socket.closedWith).toBeNull();
    clock.advance(HOUR);
    accounts.liveAccess.recheck();
    expect(socket.closedWith).toBe(CLOSE_CREDENTIAL_ENDED);
    accounts.close();
  });

  it('closes a user\'s streams when the user signs out everywhere or is removed', async () => {
    const { accounts, open } = setup();
    await accounts.users.create({ username: 'admin', displayName: 'Admin', role: 'admin', password: 'olive grove thunder lamp' });
    const user = await accounts.users.create({ username: 'maria', displayName: 'Maria', role: 'operator', password: 'olive grove thunder lamp' });
    const first = open(accounts.sessions.create(user.id).secret, 'session');
    accounts.sessions.endAllOf(user.id);
    expect(first.closedWith).toBe(CLOSE_CREDENTIAL_ENDED);
    const second = open(accounts.sessions.create(user.id).secret, 'session');
    accounts.users.remove(user.id);
    expect(second.closedWith).toBe(CLOSE_CREDENTIAL_ENDED);
    accounts.close();
  });
});
