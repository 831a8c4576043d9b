import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LiveClient } from '../helpers/live-client.ts';
import { expectError } from './auth-expect.ts';
import { startTestServer, type SessionHeaders, type TestServer } from '../helpers/start-server.ts';

interface CreatedToken {
  token: { id: string; name: string; role: string; lastUsedAt: number | null; revokedAt: number | null; expiresAt: number | null };
  secret: string;
  url?: string;
}

/** Opens /ws and resolves with how it ended: the close code, or the HTTP status of a refused upgrade. */
function wsOutcome(url: string, headers: Record<string, string> = {}): Promise<{ opened: boolean; status?: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => {
      socket.close();
      resolve({ opened: true });
    });
    socket.once('unexpected-response', (_req, res) => {
      resolve({ opened: false, status: res.statusCode ?? 0 });
      socket.terminate();
    });
    socket.once('error', () => resolve({ opened: false }));
  });
}

function closeCode(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => socket.once('close', (code) => resolve(code)));
}

describe('kiosk tokens and API tokens', () => {
  let server: TestServer;
  let admin: SessionHeaders;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.login('admin');
  });
  afterAll(async () => server?.close());

  const asAdmin = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    server.app.inject({ method, url, headers: { cookie: admin.cookie, 'x-csrf-token': admin['x-csrf-token'] }, ...(payload ? { payload } : {}) });

  it('shows a kiosk secret once, at creation, and a link the wall screen opens', async () => {
    const res = await asAdmin('POST', '/api/kiosk-tokens', { name: 'Operations room, left wall' });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const created = res.json<CreatedToken>();
    expect(created.secret).toMatch(/^skk_[A-Za-z0-9_-]{43}$/);
    expect(created.url).toBe(`/?kiosk=${created.secret}`);
    expect(created.token).toMatchObject({ name: 'Operations room, left wall', role: 'viewer', lastUsedAt: null, revokedAt: null });
    const list = await asAdmin('GET', '/api/kiosk-tokens');
    expect(list.body).not.toContain(created.secret);
    expect(list.json<{ tokens: { id: string }[] }>().tokens.map((t) => t.id)).toContain(created.token.id);
  });

  it('lets a kiosk read with ?kiosk= or an Authorization header, never change anything or reach admin data', async () => {
    const { secret, token } = (await asAdmin('POST', '/api/kiosk-tokens', { name: 'Wall 2' })).json<CreatedToken>();
    expect((await server.app.inject({ method: 'GET', url: `/api/sensors?kiosk=${secret}` })).statusCode).toBe(200);
    expect((await server.app.inject({ method: 'GET', url: '/api/region', headers: { authorization: `Kiosk ${secret}` } })).statusCode).toBe(200);
    const admin403 = await server.app.inject({ method: 'GET', url: `/api/users?kiosk=${secret}` });
    expectError(admin403, 403, 'forbidden', /needs the admin role; kiosk:Wall 2 has the viewer role/);
    const write = await server.app.inject({ method: 'POST', url: `/api/auth/password?kiosk=${secret}`, payload: {} });
    expectError(write, 401, 'unauthenticated', /read-only/);
    const listed = (await asAdmin('GET', '/api/kiosk-tokens')).json<{ tokens: CreatedToken['token'][] }>().tokens.find((t) => t.id === token.id);
    expect(listed?.lastUsedAt).toBeGreaterThan(Date.now() - 60_000);
  });

  it('streams /ws to a kiosk and closes it the moment the kiosk token is revoked; then refuses it', async () => {
    const { secret, token } = (await asAdmin('POST', '/api/kiosk-tokens', { name: 'Wall 3' })).json<CreatedToken>();
    const url = `ws://127.0.0.1:${server.config.HTTP_PORT}/ws?kiosk=${secret}`;
    const live = await LiveClient.connect(url);
    await live.waitFor((m) => m.type === 'snapshot');
    const raw = new WebSocket(url);
    await new Promise((resolve) => raw.once('open', resolve));
    const closed = closeCode(raw);

    const revoke = await asAdmin('DELETE', `/api/kiosk-tokens/${token.id}`, { note: 'screen sent for repair' });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json<{ revokedAt: number | null }>().revokedAt).not.toBeNull();
    expect(await closed).toBe(4401);
    live.close();

    expect(await wsOutcome(url)).toEqual({ opened: false, status: 401 });
    expect((await server.app.inject({ method: 'GET', url: `/api/sensors?kiosk=${secret}` })).statusCode).toBe(401);
    const entry = server.app.skopia.audit.query({ subjectType: 'kiosk_token', subjectId: token.id })[0];
    expect(entry).toMatchObject({ action: 'kiosk_token.revoke', note: 'screen sent for repair' });
    expect((entry?.after as { revokedAt: number | null }).revokedAt).toBeGreaterThan(0);
  });

  it('refuses /ws without a credential, and accepts a signed-in browser\'s cookie', async () => {
    expect(await wsOutcome(server.anonymousWsUrl)).toEqual({ opened: false, status: 401 });
    expect(await wsOutcome(`${server.anonymousWsUrl}?kiosk=skk_${'x'.repeat(43)}`)).toEqual({ opened: false, status: 401 });
    const viewer = await server.login('viewer');
    const live = await LiveClient.connect(server.anonymousWsUrl, { cookie: viewer.cookie });
    await live.waitFor((m) => m.type === 'snapshot');
    live.close();
    // The browser says where the page came from: ours may use the cookie, another site's may not.
    expect(await wsOutcome(server.anonymousWsUrl, { cookie: viewer.cookie, origin: server.httpUrl })).toEqual({ opened: true });
    expect(await wsOutcome(server.anonymousWsUrl, { cookie: viewer.cookie, origin: 'https://evil.example' })).toEqual({ opened: false, status: 403 });
  });

  it('closes a signed-in user\'s live stream when the user is disabled', async () => {
    const { users } = server.app.skopia.accounts;
    const user = await users.create({ username: 'night-shift', displayName: 'Night shift', role: 'operator', password: 'olive grove thunder lamp' });
    const { secret } = server.app.skopia.accounts.sessions.create(user.id);
    const socket = new WebSocket(server.anonymousWsUrl, { headers: { cookie: `skopia_session=${secret}` } });
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = closeCode(socket);
    const disable = await server.app.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin['x-csrf-token'] },
      payload: { disabled: true },
    });
    expect(disable.statusCode).toBe(200);
    expect(await closed).toBe(4401);
  });

  it('lets an API token act with its role, without a CSRF token, until it is revoked', async () => {
    const create = await asAdmin('POST', '/api/api-tokens', { name: 'GIS sync', role: 'operator' });
    expect(create.statusCode).toBe(201);
    const { secret, token } = create.json<CreatedToken>();
    expect(secret).toMatch(/^ska_/);
    expect(token).toMatchObject({ role: 'operator', expiresAt: null });
    const bearer = { authorization: `Bearer ${secret}` };
    expect((await server.app.inject({ method: 'GET', url: '/api/sensors', headers: bearer })).statusCode).toBe(200);
    expect((await server.app.inject({ method: 'GET', url: '/api/users', headers: bearer })).statusCode).toBe(403);
    const me = await server.app.inject({ method: 'GET', url: '/api/auth/session', headers: bearer });
    expect(me.json()).toMatchObject({ actor: { kind: 'token', name: 'token:GIS sync', role: 'operator' }, csrfToken: null });

    const adminToken = (await asAdmin('POST', '/api/api-tokens', { name: 'provisioning', role: 'admin' })).json<CreatedToken>().secret;
    const viaToken = await server.app.inject({ method: 'POST', url: '/api/kiosk-tokens', headers: { authorization: `Bearer ${adminToken}` }, payload: { name: 'made by a script' } });
    expect(viaToken.statusCode).toBe(201);
    expect(server.app.skopia.audit.query({ subjectType: 'kiosk_token' })[0]?.actor).toBe('token:provisioning');

    expect((await asAdmin('DELETE', `/api/api-tokens/${token.id}`)).statusCode).toBe(200);
    const after = await server.app.inject({ method: 'GET', url: '/api/sensors', headers: bearer });
    expectError(after, 401, 'unauthenticated', /API token is unknown, revoked or expired/);
  });

  it('refuses an expired API token, and one created already expired', async () => {
    const past = await asAdmin('POST', '/api/api-tokens', { name: 'late', role: 'viewer', expiresAt: new Date(Date.now() - 1000).toISOString() });
    expect(past.statusCode).toBe(400);
    expect(past.json()).toMatchObject({ error: { code: 'invalid_request', message: 'body.expiresAt: must be in the future' } });

    const soon = (await asAdmin('POST', '/api/api-tokens', { name: 'short-lived', role: 'viewer', expiresAt: Date.now() + 1200 })).json<CreatedToken>();
    const bearer = { authorization: `Bearer ${soon.secret}` };
    expect((await server.app.inject({ method: 'GET', url: '/api/sensors', headers: bearer })).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 1300));
    expect((await server.app.inject({ method: 'GET', url: '/api/sensors', headers: bearer })).statusCode).toBe(401);

    const old = server.app.skopia.accounts.tokens.create({ kind: 'api', name: 'expired', role: 'admin', createdBy: 'test', expiresAt: Date.now() - 1 });
    expect((await server.app.inject({ method: 'GET', url: '/api/users', headers: { authorization: `Bearer ${old.secret}` } })).statusCode).toBe(401);
  });

  it.each([
    ['Bearer ska_not-a-token', /API token/],
    [`Bearer skk_${'a'.repeat(43)}`, /API token/],
    ['Basic bWFyaWE6cGFzc3dvcmQ=', /Unsupported authorization header/],
    ['Bearer', /API token/],
    ['Kiosk a b', /Unsupported authorization header/],
  ])('refuses the authorization header %j with 401', async (authorization, message) => {
    expectError(await server.app.inject({ method: 'GET', url: '/api/sensors', headers: { authorization } }), 401, 'unauthenticated', message);
  });
});
