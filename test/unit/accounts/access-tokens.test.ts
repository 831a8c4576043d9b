import { describe, expect, it } from 'vitest';
import { AccessTokens } from '../../../server/accounts/access-tokens.ts';
import { Authenticator } from '../../../server/accounts/authenticator.ts';
import { SessionStore } from '../../../server/accounts/sessions.ts';
import { UserDirectory } from '../../../server/accounts/users.ts';
import { hashSecret } from '../../../server/accounts/secret-token.ts';
import { HOUR, ManualClock, memoryDb, MINUTE } from './fixtures.ts';

function setup() {
  const db = memoryDb();
  const clock = new ManualClock();
  const users = new UserDirectory(db, clock.now);
  const sessions = new SessionStore(db, { ttlMs: 12 * HOUR, idleMs: 4 * HOUR }, clock.now);
  const tokens = new AccessTokens(db, clock.now);
  const authenticator = new Authenticator({ users, sessions, tokens, now: clock.now, cacheMs: 10_000 });
  return { db, clock, users, sessions, tokens, authenticator };
}

describe('kiosk and API tokens', () => {
  it('stores only the hash; the secret comes back once', () => {
    const { db, tokens } = setup();
    const { token, secret } = tokens.create({ kind: 'kiosk', name: 'Wall 1', role: 'viewer', createdBy: 'maria' });
    expect(secret).toMatch(/^skk_/);
    expect(JSON.stringify(db.prepare('SELECT * FROM access_tokens').all())).not.toContain(secret);
    expect(JSON.stringify(tokens.list('kiosk'))).not.toContain(secret);
    expect(tokens.find(hashSecret(secret))).toEqual(token);
    expect(tokens.list('api')).toEqual([]);
  });

  it('refuses to make a kiosk token that is more than a viewer', () => {
    expect(() => setup().tokens.create({ kind: 'kiosk', name: 'x', role: 'admin', createdBy: 'x' })).toThrow(/always viewer/);
  });

  it('authenticates a kiosk as a viewer and an API token with its role, each only in its own place', () => {
    const { tokens, authenticator } = setup();
    const kiosk = tokens.create({ kind: 'kiosk', name: 'Wall 1', role: 'viewer', createdBy: 'maria' });
    const api = tokens.create({ kind: 'api', name: 'GIS', role: 'operator', createdBy: 'maria' });
    expect(authenticator.kiosk(kiosk.secret)?.actor).toEqual({ kind: 'kiosk', id: kiosk.token.id, name: 'kiosk:Wall 1', role: 'viewer' });
    expect(authenticator.api(api.secret)?.actor).toEqual({ kind: 'token', id: api.token.id, name: 'token:GIS', role: 'operator' });
    expect(authenticator.api(kiosk.secret)).toBeNull();
    expect(authenticator.kiosk(api.secret)).toBeNull();
    expect(authenticator.session(api.secret)).toBeNull();
    expect(authenticator.api('ska_not-a-real-token')).toBeNull();
  });

  it('honours a revocation at once, although lookups are cached', () => {
    const { tokens, authenticator } = setup();
    const { token, secret } = tokens.create({ kind: 'api', name: 'GIS', role: 'viewer', createdBy: 'maria' });
    expect(authenticator.api(secret)).not.toBeNull();
    tokens.revoke('api', token.id);
    expect(authenticator.api(secret)).toBeNull();
  });

  it('honours an expiry while the token is cached', () => {
    const { clock, tokens, authenticator } = setup();
    const { secret } = tokens.create({ kind: 'api', name: 'GIS', role: 'viewer', createdBy: 'maria', expiresAt: clock.t + 5000 });
    expect(authenticator.api(secret)).not.toBeNull();
    clock.advance(5000);
    expect(authenticator.api(secret)).toBeNull();
  });

  it('records the last use, at most once a minute', () => {
    const { clock, tokens, authenticator } = setup();
    const { token, secret } = tokens.create({ kind: 'kiosk', name: 'Wall 1', role: 'viewer', createdBy: 'maria' });
    authenticator.kiosk(secret);
    expect(tokens.get('kiosk', token.id)?.lastUsedAt).toBe(clock.t);
    const first = clock.t;
    clock.advance(30_000);
    authenticator.kiosk(secret);
    expect(tokens.get('kiosk', token.id)?.lastUsedAt).toBe(first);
    clock.advance(MINUTE);
    authenticator.kiosk(secret);
    expect(tokens.get('kiosk', token.id)?.lastUsedAt).toBe(clock.t);
  });

  it('says not found for a token of the other kind', () => {
    const { tokens } = setup();
    const { token } = tokens.create({ kind: 'kiosk', name: 'Wall 1', role: 'viewer', createdBy: 'maria' });
    expect(() => tokens.revoke('api', token.id)).toThrow(expect.objectContaining({ code: 'token_not_found' }));
  });

  it('drops a session whose user is disabled or changes role, at once', async () => {
    const { users, sessions, authenticator } = setup();
    await users.create({ username: 'admin', displayName: 'Admin', role: 'admin', password: 'olive grove thunder lamp' });
    const user = await users.create({ username: 'maria', displayName: 'Maria', role: 'operator', password: 'olive grove thunder lamp' });
    const { secret } = sessions.create(user.id);
    expect(authenticator.session(secret)?.actor.role).toBe('operator');
    users.update(user.id, { role: 'viewer' });
    expect(authenticator.session(secret)?.actor.role).toBe('viewer');
    users.update(user.id, { disabled: true });
    expect(authenticator.session(secret)).toBeNull();
  });
});
