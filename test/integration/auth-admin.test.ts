import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { parseCsvRecords } from '../../server/lib/csv.ts';
import { expectError } from './auth-expect.ts';
import { startTestServer, type SessionHeaders, type TestServer } from '../helpers/start-server.ts';

const PASSWORD = 'olive grove thunder lamp';

/** Strings that must come back as data: never run as markup, never break out of an SQL string. */
const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE users; --",
  "Robert'); DELETE FROM audit_log; --",
  '{{constructor.constructor("alert(1)")()}}',
  'Ζωή Παπαδοπούλου — Łódź ✓',
] as const;

interface UserBody {
  id: string;
  username: string;
  displayName: string;
  role: string;
  disabledAt: number | null;
  lockedUntil: number | null;
}

function expectJson(res: LightMyRequestResponse): void {
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
}

describe('admin: users, tokens and the audit log', () => {
  let server: TestServer;
  let admin: SessionHeaders & { user: { id: string } };
  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.login('admin');
  });
  afterAll(async () => server?.close());

  const send = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    server.app.inject({ method, url, headers: { cookie: admin.cookie, 'x-csrf-token': admin['x-csrf-token'] }, ...(payload ? { payload } : {}) });

  it('creates, reads, updates and removes a user, recording each change with before and after', async () => {
    const created = await send('POST', '/api/users', { username: 'Dimitra', displayName: 'Dimitra A.', role: 'viewer', password: PASSWORD, note: 'new duty officer' });
    expect(created.statusCode).toBe(201);
    expectJson(created);
    const user = created.json<UserBody>();
    expect(user).toMatchObject({ username: 'dimitra', displayName: 'Dimitra A.', role: 'viewer', disabledAt: null, lockedUntil: null });
    expect(created.body).not.toMatch(/scrypt|olive grove|passwordHash|password_hash/i);

    expect((await send('GET', `/api/users/${user.id}`)).json<UserBody>().username).toBe('dimitra');
    expect((await send('GET', '/api/users')).json<{ users: UserBody[] }>().users.map((u) => u.username)).toContain('dimitra');

    const promoted = await send('PATCH', `/api/users/${user.id}`, { role: 'operator', displayName: 'Dimitra Alexiou' });
    expect(promoted.json<UserBody>()).toMatchObject({ role: 'operator', displayName: 'Dimitra Alexiou' });

    const reset = await send('PATCH', `/api/users/${user.id}`, { password: 'a brand new passphrase' });
    expect(reset.statusCode).toBe(200);

    expect((await send('DELETE', `/api/users/${user.id}`, { note: 'left the service' })).statusCode).toBe(204);
    expect((await send('GET', `/api/users/${user.id}`)).statusCode).toBe(404);

    const trail = server.app.skopia.audit.query({ subjectType: 'user', subjectId: user.id }).reverse();
    expect(trail.map((e) => e.action)).toEqual(['user.create', 'user.update', 'user.password.reset', 'user.remove']);
    expect(trail[0]).toMatchObject({ actor: 'test-admin', sourceIp: '127.0.0.1', note: 'new duty officer', after: { username: 'dimitra', role: 'viewer' } });
    expect(trail[1]).toMatchObject({ before: { role: 'viewer', displayName: 'Dimitra A.' }, after: { role: 'operator', displayName: 'Dimitra Alexiou' } });
    expect(trail[3]).toMatchObject({ note: 'left the service', before: { username: 'dimitra' } });
    expect(JSON.stringify(trail)).not.toMatch(/scrypt|passphrase|olive grove/);
  });

  it('ends every session of a user whose password an admin resets', async () => {
    const viewer = await server.login('viewer');
    expect((await server.app.inject({ method: 'GET', url: '/api/sensors', headers: { cookie: viewer.cookie } })).statusCode).toBe(200);
    await send('PATCH', `/api/users/${viewer.user.id}`, { password: 'a brand new passphrase' });
    expect((await server.app.inject({ method: 'GET', url: '/api/sensors', headers: { cookie: viewer.cookie } })).statusCode).toBe(401);
  });

  it.each([
    [{ username: 'x', displayName: 'X', role: 'viewer', password: PASSWORD }, 400, 'invalid_request', /body\.username/],
    [{ username: "'; DROP TABLE users; --", displayName: 'X', role: 'viewer', password: PASSWORD }, 400, 'invalid_request', /body\.username/],
    [{ username: 'ok-name', displayName: 'X', role: 'root', password: PASSWORD }, 400, 'invalid_request', /body\.role/],
    [{ username: 'ok-name', displayName: '', role: 'viewer', password: PASSWORD }, 400, 'invalid_request', /body\.displayName/],
    [{ username: 'ok-name', displayName: 'bell\u0007', role: 'viewer', password: PASSWORD }, 400, 'invalid_request', /control characters/],
    [{ username: 'ok-name', displayName: 'X', role: 'viewer', password: 'Password123!' }, 400, 'weak_password', /stronger password/],
    [{ username: 'TEST-ADMIN', displayName: 'X', role: 'viewer', password: PASSWORD }, 409, 'username_taken', /taken/],
  ])('refuses the new user %j with %i %s', async (body, status, code, message) => {
    expectError(await send('POST', '/api/users', body), status, code, message);
  });

  it('never leaves Skopia without an enabled admin, and an admin cannot remove themselves', async () => {
    const admins = server.app.skopia.accounts.users.list().filter((u) => u.role === 'admin' && u.disabledAt === null);
    expect(admins.map((u) => u.username)).toEqual(['test-admin']);
    for (const change of [{ role: 'operator' }, { disabled: true }]) {
      const res = await send('PATCH', `/api/users/${admin.user.id}`, change);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ error: { code: 'last_admin' } });
    }
    const self = await send('DELETE', `/api/users/${admin.user.id}`);
    expect(self.statusCode).toBe(409);
    expect(self.json()).toMatchObject({ error: { code: 'cannot_remove_self' } });
  });

  it.each(HOSTILE)('keeps %j verbatim as data in display names, token names and notes', async (text) => {
    const username = `u${Math.random().toString(36).slice(2, 10)}`;
    const user = await send('POST', '/api/users', { username, displayName: text, role: 'viewer', password: PASSWORD, note: text });
    expect(user.statusCode).toBe(201);
    expectJson(user);
    expect(user.json<UserBody>().displayName).toBe(text);

    const kiosk = await send('POST', '/api/kiosk-tokens', { name: text, note: text });
    expect(kiosk.json<{ token: { name: string } }>().token.name).toBe(text);
    const api = await send('POST', '/api/api-tokens', { name: text, role: 'viewer', note: text });
    const apiToken = api.json<{ token: { id: string; name: string }; secret: string }>();
    expect(apiToken.token.name).toBe(text);
    const revoked = await send('DELETE', `/api/api-tokens/${apiToken.token.id}`, { note: text });
    expect(revoked.statusCode).toBe(200);

    const listed = await send('GET', '/api/users');
    expectJson(listed);
    expect(listed.json<{ users: UserBody[] }>().users.find((u) => u.username === username)?.displayName).toBe(text);
    const kiosks = await send('GET', '/api/kiosk-tokens');
    expect(kiosks.json<{ tokens: { name: string }[] }>().tokens.map((t) => t.name)).toContain(text);

    // As the token's actor name the text reaches the audit log too, and comes back verbatim.
    const viaToken = await server.app.inject({ method: 'GET', url: '/api/users', headers: { authorization: `Bearer ${apiToken.secret}` } });
    expect(viaToken.statusCode).toBe(401);
    const audit = await send('GET', `/api/audit?subject=api_token:${apiToken.token.id}`);
    expectJson(audit);
    const entries = audit.json<{ entries: { action: string; note: string; after: { name: string } }[] }>().entries;
    expect(entries.map((e) => e.action)).toEqual(['api_token.revoke', 'api_token.create']);
    expect(entries.every((e) => e.note === text && e.after.name === text)).toBe(true);

    // The SQL stayed SQL: the tables are all there and hold what they held.
    const tables = server.app.skopia.db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((t) => t.name);
    for (const table of ['users', 'sessions', 'access_tokens', 'audit_log', 'login_failures']) expect(tables).toContain(table);
    expect(server.app.skopia.accounts.users.byUsername(username)?.user.displayName).toBe(text);
    const filtered = await send('GET', `/api/audit?actor=${encodeURIComponent(text)}`);
    expect(filtered.statusCode).toBe(200);
  });

  it('filters the audit log by time, actor and subject, and pages backwards', async () => {
    const from = Date.now();
    for (const name of ['Wall A', 'Wall B', 'Wall C']) await send('POST', '/api/kiosk-tokens', { name });
    const all = (await send('GET', `/api/audit?from=${from}&actor=test-admin&subject=kiosk_token`)).json<{ entries: { id: number; after: { name: string } }[]; nextBeforeId: number | null }>();
    expect(all.entries.map((e) => e.after.name)).toEqual(['Wall C', 'Wall B', 'Wall A']);
    const page = (await send('GET', `/api/audit?from=${new Date(from).toISOString()}&subject=kiosk_token&limit=2`)).json<{ entries: { id: number }[]; nextBeforeId: number | null }>();
    expect(page.entries).toHaveLength(2);
    expect(page.nextBeforeId).toBe(page.entries[1]?.id);
    const rest = (await send('GET', `/api/audit?from=${from}&subject=kiosk_token&beforeId=${page.nextBeforeId ?? 0}`)).json<{ entries: { id: number }[] }>();
    expect(rest.entries.map((e) => e.id)).toEqual([all.entries[2]?.id]);
    expect((await send('GET', `/api/audit?to=${from}&subject=kiosk_token&actor=nobody`)).json<{ entries: unknown[] }>().entries).toEqual([]);
    expect((await send('GET', '/api/audit?from=yesterday')).statusCode).toBe(400);
  });

  it('exports the audit log as CSV, formulas neutralised, everything else verbatim', async () => {
    await send('POST', '/api/kiosk-tokens', { name: '=HYPERLINK("http://evil.example","click")', note: '<script>alert(1)</script>, "quoted"' });
    const res = await send('GET', '/api/audit.csv?subject=kiosk_token');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="skopia-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const { header, records } = parseCsvRecords(res.body);
    expect(header).toEqual(['id', 'at', 'actor', 'action', 'subject_type', 'subject_id', 'source_ip', 'note', 'before', 'after']);
    const newest = records[0];
    expect(newest).toMatchObject({ actor: 'test-admin', action: 'kiosk_token.create', source_ip: '127.0.0.1', note: '<script>alert(1)</script>, "quoted"' });
    expect(JSON.parse(newest?.after ?? '{}')).toMatchObject({ name: '=HYPERLINK("http://evil.example","click")' });
    expect(newest?.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const lone = await send('GET', '/api/audit.csv?subject=kiosk_token&limit=1');
    expect(parseCsvRecords(lone.body).records).toHaveLength(1);
  });

  it('keeps secrets out of the audit log', async () => {
    await send('POST', '/api/gateways/gw-polygyros/credential');
    const everything = JSON.stringify(server.app.skopia.audit.query({ limit: 10_000 }));
    expect(everything).not.toMatch(/sk[ska]_[A-Za-z0-9_-]{43}|scrypt\$|\$7\$|password":/);
  });
});
