import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Accounts } from '../../server/accounts/accounts.ts';
import { buildApp } from '../../server/app.ts';
import { parseConfig } from '../../server/config.ts';
import { loggerOptions } from '../../server/http/auth-log-redaction.ts';
import { registerAuth } from '../../server/http/auth-plugin.ts';
import { registerErrorHandling } from '../../server/http/error-handler.ts';
import { openStateStore } from '../../server/store/state-store.ts';
import { freePort } from '../helpers/free-port.ts';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';

const PASSWORD = 'olive grove thunder lamp';
const lockout = { maxFailures: 5, baseLockMs: 60_000, maxLockMs: 60_000, forgetAfterMs: 60_000 };

describe('security headers, CORS and body limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ BASEMAP_TILE_URL: 'https://{s}.tile.example.org/{z}/{x}/{y}.png' });
  });
  afterAll(async () => server?.close());

  it.each([
    ['GET', '/health', {}],
    ['GET', '/api/sensors', {}],
    ['GET', '/api/nothing-here', {}],
    ['GET', '/', {}],
    ['POST', '/api/auth/login', { 'content-type': 'application/json' }],
  ] as const)('puts the security headers on %s %s', async (method, url, headers) => {
    const res = await server.app.inject({ method, url, headers, ...(method === 'POST' ? { payload: '{"username":"x"' } : {}) });
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'cross-origin-opener-policy': 'same-origin',
    });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("img-src 'self' data: blob: https://*.tile.example.org");
    expect(csp).toContain("connect-src 'self' https://*.tile.example.org");
    expect(String(res.headers['permissions-policy'])).toContain('camera=()');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('does not let a cache keep API answers', async () => {
    const res = await server.app.inject({ method: 'GET', url: `/api/sensors?kiosk=${server.kiosk}` });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('sends no CORS headers and has no preflight when CORS_ORIGINS is empty', async () => {
    const get = await server.app.inject({ method: 'GET', url: `/api/sensors?kiosk=${server.kiosk}`, headers: { origin: 'https://evil.example' } });
    expect(Object.keys(get.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    const preflight = await server.app.inject({ method: 'OPTIONS', url: '/api/sensors', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.statusCode).toBe(404);
    expect(Object.keys(preflight.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('refuses a sign-in body over 8 KiB with 413', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'maria', password: 'x'.repeat(9000) } });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: 'fst_err_ctp_body_too_large' } });
  });

  it('answers an unknown URL with 404, signed in or not (nothing there to protect)', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
  });
});

describe('CORS for the configured origins only', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ CORS_ORIGINS: 'https://gis.example.org, http://10.0.0.7:3000' });
  });
  afterAll(async () => server?.close());

  it('answers a preflight from an allowed origin, never with credentials', async () => {
    const res = await server.app.inject({
      method: 'OPTIONS',
      url: '/api/sensors',
      headers: { origin: 'https://gis.example.org', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://gis.example.org');
    expect(res.headers['access-control-allow-methods']).toContain('GET');
    expect(res.headers['access-control-allow-headers']).toContain('authorization');
    expect(res.headers.vary).toBe('Origin');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('refuses a preflight from any other origin, and gives it no CORS header on a request', async () => {
    const preflight = await server.app.inject({ method: 'OPTIONS', url: '/api/sensors', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
    expect(preflight.statusCode).toBe(403);
    expect(preflight.json()).toMatchObject({ error: { code: 'cors_origin_not_allowed' } });
    const get = await server.app.inject({ method: 'GET', url: `/api/sensors?kiosk=${server.kiosk}`, headers: { origin: 'https://evil.example' } });
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
    const allowed = await server.app.inject({ method: 'GET', url: `/api/sensors?kiosk=${server.kiosk}`, headers: { origin: 'http://10.0.0.7:3000' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('http://10.0.0.7:3000');
  });
});

describe('no secrets in the log', () => {
  const lines: string[] = [];
  let dataDir: string;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'skopia-logs-'));
    const config = parseConfig({ HTTP_PORT: String(await freePort()), EMBEDDED_MQTT_HOST: '127.0.0.1', EMBEDDED_MQTT_PORT: String(await freePort()), DATA_DIR: dataDir });
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    // The same options buildApp uses by default, at debug level and into a stream the test reads.
    app = await buildApp(config, { logger: { ...loggerOptions('debug'), stream } });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs requests with kiosk links, tokens, cookies and passwords, without any of them', async () => {
    const { accounts } = app.skopia;
    await accounts.users.create({ username: 'maria', displayName: 'Maria', role: 'operator', password: PASSWORD });
    const kiosk = accounts.tokens.create({ kind: 'kiosk', name: 'Wall', role: 'viewer', createdBy: 'test' }).secret;
    const api = accounts.tokens.create({ kind: 'api', name: 'GIS', role: 'admin', createdBy: 'test' }).secret;
    await app.inject({ method: 'GET', url: `/api/sensors?kiosk=${kiosk}` });
    await app.inject({ method: 'GET', url: `/ws?kiosk=${kiosk}` });
    await app.inject({ method: 'GET', url: '/api/users', headers: { authorization: `Bearer ${api}` } });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'maria', password: PASSWORD } });
    const cookie = [login.headers['set-cookie']].flat().join('; ');
    await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } });
    await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'maria', password: 'wrong password here' } });
    // A password typed into the user name box.
    await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'my secret passphrase', password: 'x' } });
    const log = lines.join('');
    expect(log).toContain('/api/sensors?kiosk=[redacted]');
    expect(log).toContain('sign-in refused');
    expect(log).toContain('(unknown user)');
    for (const secret of [kiosk, api, PASSWORD, 'wrong password here', 'my secret passphrase', /sks_[A-Za-z0-9_-]{43}/]) {
      if (typeof secret === 'string') expect(log).not.toContain(secret);
      else expect(log).not.toMatch(secret);
    }
  });
});

describe('fail closed', () => {
  it('refuses to start when a route declares no access level, naming the route', async () => {
    const db = openStateStore(':memory:');
    const accounts = new Accounts(db, { sessionTtlMs: 60_000, sessionIdleMs: 60_000, lockout: { user: lockout, ip: lockout } });
    const app = Fastify();
    registerErrorHandling(app);
    registerAuth(app, { accounts, cookieSecure: 'auto' });
    app.get('/api/declared', { config: { access: 'viewer' } }, async () => ({}));
    app.post('/api/forgotten', async () => ({}));
    await expect(app.ready()).rejects.toThrow(/Routes without an access level: POST \/api\/forgotten\. Add config: \{ access:/);
    accounts.close();
    db.close();
  });
});
