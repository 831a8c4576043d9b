import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { parseCookies } from '../../server/accounts/cookies.ts';
import { expectError } from './auth-expect.ts';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';

const PASSWORD = 'olive grove thunder lamp';
let nextAddress = 1;
/** Each test signs in from its own address, so that the per-address limit of one does not reach another. */
const freshAddress = (): string => `10.1.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`;

interface Browser {
  cookies: Map<string, string>;
}

function setCookies(res: LightMyRequestResponse): string[] {
  const header = res.headers['set-cookie'];
  return header === undefined ? [] : [header].flat();
}

/** Keeps cookies like a browser: Max-Age=0 deletes. */
function remember(browser: Browser, res: LightMyRequestResponse): void {
  for (const line of setCookies(res)) {
    const [pair = ''] = line.split(';');
    const [name, value] = [...parseCookies(pair)][0] ?? [];
    if (name === undefined) continue;
    if (/Max-Age=0/.test(line)) browser.cookies.delete(name);
    else browser.cookies.set(name, value ?? '');
  }
}

const cookieHeader = (b: Browser): string => [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

describe('signing in and out', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await server.app.skopia.accounts.users.create({ username: 'maria', displayName: 'Maria K.', role: 'operator', password: PASSWORD });
  });
  afterAll(async () => server?.close());

  async function login(username: string, password: string, address = freshAddress(), browser?: Browser, headers: Record<string, string> = {}) {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: address,
      headers: { ...headers, ...(browser ? { cookie: cookieHeader(browser) } : {}) },
      payload: { username, password },
    });
    if (browser) remember(browser, res);
    return res;
  }

  async function as(browser: Browser, method: 'GET' | 'POST', url: string, payload?: object, csrf = true) {
    const res = await server.app.inject({
      method,
      url,
      headers: { cookie: cookieHeader(browser), ...(csrf ? { 'x-csrf-token': browser.cookies.get('skopia_csrf') ?? '' } : {}) },
      ...(payload ? { payload } : {}),
    });
    remember(browser, res);
    return res;
  }

  it('sets an HttpOnly, SameSite=Strict session cookie and a readable CSRF cookie, and answers who signed in', async () => {
    const res = await login('Maria', PASSWORD);
    expect(res.statusCode).toBe(200);
    const [session, csrf] = setCookies(res);
    expect(session).toMatch(/^skopia_session=sks_[A-Za-z0-9_-]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict$/);
    expect(csrf).toMatch(/^skopia_csrf=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=43200; SameSite=Strict$/);
    const body = res.json<{ actor: object; user: { username: string }; csrfToken: string; expiresAt: number }>();
    expect(body.actor).toMatchObject({ kind: 'user', name: 'maria', role: 'operator' });
    expect(body.user.username).toBe('maria');
    expect(csrf).toContain(`skopia_csrf=${body.csrfToken};`);
    expect(JSON.stringify(body)).not.toMatch(/scrypt|passwordHash|password_hash/);
  });

  it('marks the cookies Secure and sends HSTS when a trusted proxy says the request came over https', async () => {
    const res = await login('maria', PASSWORD, '127.0.0.1', undefined, { 'x-forwarded-proto': 'https', 'x-forwarded-for': freshAddress() });
    expect(res.statusCode).toBe(200);
    for (const cookie of setCookies(res)) expect(cookie).toContain('; Secure');
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
    // The same header from an untrusted peer is ignored.
    const direct = await login('maria', PASSWORD, freshAddress(), undefined, { 'x-forwarded-proto': 'https' });
    for (const cookie of setCookies(direct)) expect(cookie).not.toContain('Secure');
    expect(direct.headers['strict-transport-security']).toBeUndefined();
  });

  it('says the same for an unknown user and a wrong password', async () => {
    const wrong = await login('maria', 'not the password at all');
    const unknown = await login('nobody', PASSWORD);
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: { code: 'invalid_credentials', message: 'Wrong user name or password.' } });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('uses the session for reads, needs the CSRF token for changes, and signs out', async () => {
    const browser: Browser = { cookies: new Map() };
    await login('maria', PASSWORD, freshAddress(), browser);
    const me = await as(browser, 'GET', '/api/auth/session');
    expect(me.statusCode).toBe(200);
    expect(me.json<{ csrfToken: string }>().csrfToken).toBe(browser.cookies.get('skopia_csrf'));
    expect((await as(browser, 'GET', '/api/sensors')).statusCode).toBe(200);

    const noCsrf = await as(browser, 'POST', '/api/auth/logout', undefined, false);
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json()).toMatchObject({ error: { code: 'csrf' } });

    const stolen = new Map(browser.cookies);
    const out = await as(browser, 'POST', '/api/auth/logout');
    expect(out.statusCode).toBe(204);
    expect(browser.cookies.size).toBe(0);
    // The old cookie is dead on the server, not only forgotten by the browser.
    const replay = await server.app.inject({ method: 'GET', url: '/api/sensors', headers: { cookie: cookieHeader({ cookies: stolen }) } });
    expectError(replay, 401, 'unauthenticated', /session has ended/);
    expect(setCookies(replay).join()).toMatch(/skopia_session=; Path=\/; Max-Age=0/);
  });

  it('starts a new session at every sign-in and ends the one the browser had', async () => {
    const browser: Browser = { cookies: new Map() };
    await login('maria', PASSWORD, freshAddress(), browser);
    const first = browser.cookies.get('skopia_session');
    await login('maria', PASSWORD, freshAddress(), browser);
    expect(browser.cookies.get('skopia_session')).not.toBe(first);
    const old = await server.app.inject({ method: 'GET', url: '/api/sensors', headers: { cookie: `skopia_session=${first ?? ''}` } });
    expect(old.statusCode).toBe(401);
  });

  it('changes one\'s own password: checks the current one and the strength, and ends the other sessions', async () => {
    await server.app.skopia.accounts.users.create({ username: 'nikos', displayName: 'Nikos P.', role: 'viewer', password: PASSWORD });
    const laptop: Browser = { cookies: new Map() };
    const phone: Browser = { cookies: new Map() };
    await login('nikos', PASSWORD, freshAddress(), laptop);
    await login('nikos', PASSWORD, freshAddress(), phone);

    const wrong = await as(laptop, 'POST', '/api/auth/password', { currentPassword: 'guess guess guess', newPassword: 'quiet river stones nine' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ error: { code: 'wrong_password' } });
    const weak = await as(laptop, 'POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'nikos-password-1' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({ error: { code: 'weak_password', details: [expect.objectContaining({ code: 'contains_name' })] } });

    const ok = await as(laptop, 'POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'quiet river stones nine' });
    expect(ok.statusCode).toBe(204);
    expect((await as(laptop, 'GET', '/api/auth/session')).statusCode).toBe(200);
    expect((await as(phone, 'GET', '/api/auth/session')).statusCode).toBe(401);
    expect((await login('nikos', PASSWORD)).statusCode).toBe(401);
    expect((await login('nikos', 'quiet river stones nine')).statusCode).toBe(200);
    const audit = server.app.skopia.audit.query({ actor: 'nikos' }).map((e) => e.action);
    expect(audit).toContain('user.password.change');
  });

  it('refuses a disabled account, and ends its sessions when it is disabled', async () => {
    const { users } = server.app.skopia.accounts;
    const user = await users.create({ username: 'eleni', displayName: 'Eleni', role: 'viewer', password: PASSWORD });
    const browser: Browser = { cookies: new Map() };
    await login('eleni', PASSWORD, freshAddress(), browser);
    users.update(user.id, { disabled: true });
    expect((await as(browser, 'GET', '/api/sensors')).statusCode).toBe(401);
    const res = await login('eleni', PASSWORD);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'account_disabled' } });
  });

  it('lets a kiosk or API token ask who it is, but not change a password', async () => {
    const kiosk = await server.app.inject({ method: 'GET', url: `/api/auth/session?kiosk=${server.kiosk}` });
    expect(kiosk.json()).toMatchObject({ actor: { kind: 'kiosk', role: 'viewer', name: 'kiosk:test wall screen' }, user: null, csrfToken: null, expiresAt: null });
    const token = server.apiToken('operator');
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { authorization: `Bearer ${token}` },
      payload: { currentPassword: 'x', newPassword: 'quiet river stones nine' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'not_a_user' } });
  });
});

describe('brute-force sign-in', () => {
  let dataDir: string;
  let server: TestServer;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'skopia-lockout-'));
    server = await startTestServer({ DATA_DIR: dataDir });
    await server.app.skopia.accounts.users.create({ username: 'maria', displayName: 'Maria K.', role: 'operator', password: PASSWORD });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const login = (username: string, password: string, address: string) =>
    server.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: address, payload: { username, password } });

  it('locks a user name after 5 failures, even for the right password, and the lock survives a restart', async () => {
    for (let i = 0; i < 5; i++) expect((await login('maria', `wrong guess number ${i}`, freshAddress())).statusCode).toBe(401);
    const locked = await login('maria', PASSWORD, freshAddress());
    expectError(locked, 429, 'login_locked', /try again in 15 minutes/);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    const entries = server.app.skopia.audit.query({ subjectType: 'user' });
    expect(entries.map((e) => e.action)).toContain('user.lockout');

    await server.close();
    server = await startTestServer({ DATA_DIR: dataDir });
    expect((await login('maria', PASSWORD, freshAddress())).statusCode).toBe(429);

    const admin = await server.login('admin');
    const maria = server.app.skopia.accounts.users.byUsername('maria')?.user;
    const headers = { cookie: admin.cookie, 'x-csrf-token': admin['x-csrf-token'] };
    const listed = await server.app.inject({ method: 'GET', url: `/api/users/${maria?.id ?? ''}`, headers });
    expect(listed.json<{ lockedUntil: number | null }>().lockedUntil).toBeGreaterThan(Date.now());
    const unlock = await server.app.inject({ method: 'POST', url: `/api/users/${maria?.id ?? ''}/unlock`, headers });
    expect(unlock.statusCode).toBe(200);
    expect(unlock.json()).toMatchObject({ lockedUntil: null });
    expect((await login('maria', PASSWORD, freshAddress())).statusCode).toBe(200);
  });

  it('gives a burst of parallel guesses no more than 5 tries', async () => {
    await server.app.skopia.accounts.users.create({ username: 'burst', displayName: 'Burst', role: 'viewer', password: PASSWORD });
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => login('burst', `parallel guess ${i}`, freshAddress())));
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);
  });

  it('locks an address that tries many user names, and a forged X-Forwarded-For does not get around it', async () => {
    const attacker = freshAddress();
    for (let i = 0; i < 20; i++) {
      const res = await server.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: attacker,
        headers: { 'x-forwarded-for': `192.0.2.${i}` },
        payload: { username: `spray${i}`, password: 'Summer2026!' },
      });
      expect(res.statusCode).toBe(401);
    }
    expect((await login('nobody-else', 'whatever it is', attacker)).statusCode).toBe(429);
    // Another officer in another room is not affected.
    expect((await login('maria', PASSWORD, freshAddress())).statusCode).toBe(200);
  });
});
