import { describe, expect, it } from 'vitest';
import { SessionStore } from '../../../server/accounts/sessions.ts';
import { UserDirectory } from '../../../server/accounts/users.ts';
import { hashSecret } from '../../../server/accounts/secret-token.ts';
import { HOUR, ManualClock, memoryDb, MINUTE } from './fixtures.ts';

async function setup() {
  const db = memoryDb();
  const clock = new ManualClock();
  const users = new UserDirectory(db, clock.now);
  const user = await users.create({ username: 'maria', displayName: 'Maria', role: 'operator', password: 'olive grove thunder lamp' });
  const sessions = new SessionStore(db, { ttlMs: 12 * HOUR, idleMs: 4 * HOUR }, clock.now);
  return { db, clock, users, user, sessions };
}

describe('sessions', () => {
  it('stores only the hash of the secret', async () => {
    const { db, user, sessions } = await setup();
    const { secret } = sessions.create(user.id, { ip: '10.0.0.5', userAgent: 'Firefox' });
    const rows = db.prepare('SELECT * FROM sessions').all();
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(rows).toMatchObject([{ token_hash: hashSecret(secret), user_id: user.id, source_ip: '10.0.0.5' }]);
  });

  it('ends after the idle period without requests, and touching keeps it alive', async () => {
    const { clock, user, sessions } = await setup();
    const { secret } = sessions.create(user.id);
    const hash = hashSecret(secret);
    clock.advance(3 * HOUR);
    const found = sessions.find(hash);
    expect(found).not.toBeNull();
    if (found) sessions.touch(found);
    clock.advance(3 * HOUR);
    expect(sessions.find(hash)).not.toBeNull();
    clock.advance(4 * HOUR);
    expect(sessions.find(hash)).toBeNull();
  });

  it('ends at its absolute expiry however active it is', async () => {
    const { clock, user, sessions } = await setup();
    const { secret } = sessions.create(user.id);
    const hash = hashSecret(secret);
    for (let i = 0; i < 11; i++) {
      clock.advance(HOUR);
      const s = sessions.find(hash);
      if (s) sessions.touch(s);
    }
    expect(sessions.find(hash)).not.toBeNull();
    clock.advance(HOUR);
    expect(sessions.find(hash)).toBeNull();
  });

  it('writes activity at most once a minute', async () => {
    const { clock, user, sessions } = await setup();
    const { session } = sessions.create(user.id);
    clock.advance(30_000);
    expect(sessions.touch(session)).toBe(session);
    clock.advance(MINUTE);
    expect(sessions.touch(session).lastSeenAt).toBe(clock.t);
  });

  it('ends all sessions of a user but the one kept, and tells listeners', async () => {
    const { user, sessions } = await setup();
    const a = sessions.create(user.id);
    const b = sessions.create(user.id);
    let ended = 0;
    sessions.onEnded(() => ended++);
    expect(sessions.endAllOf(user.id, hashSecret(a.secret))).toBe(1);
    expect(sessions.find(hashSecret(a.secret))).not.toBeNull();
    expect(sessions.find(hashSecret(b.secret))).toBeNull();
    expect(sessions.end(hashSecret(a.secret))).toBe(true);
    expect(ended).toBe(2);
  });

  it('goes when its user is removed', async () => {
    const { users, user, sessions } = await setup();
    await users.create({ username: 'admin', displayName: 'Admin', role: 'admin', password: 'olive grove thunder lamp' });
    const { secret } = sessions.create(user.id);
    users.remove(user.id);
    expect(sessions.find(hashSecret(secret))).toBeNull();
  });
});
