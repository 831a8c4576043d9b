import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { roleAllows, ROLES, type Access, type Role } from '../../server/http/access.ts';
import type { RouteAccess } from '../../server/http/auth-plugin.ts';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';

/**
 * Every route of the real app against every kind of caller. The table comes from the app itself
 * (each route's declared `config.access`), so a route added later by anyone is covered without
 * touching this file. The assertion is about authentication and authorisation only: 401/403 from
 * the auth layer versus anything else (200, 400 for an empty body, 404 for a made-up id, ...).
 */

/** Plausible values for path parameters; anything else gets a UUID, which is also a plausible id. */
const PARAM_VALUES: readonly [RegExp, string][] = [
  [/^\/api\/sensors\/:id/, 'ws-polygyros'],
  [/^\/api\/gateways\/:id/, 'gw-polygyros'],
  [/^\/api\/villages\/:id/, 'polygyros'],
];

function concreteUrl(url: string): string {
  const known = PARAM_VALUES.find(([pattern]) => pattern.test(url))?.[1];
  return url
    .replace(/:[A-Za-z0-9_]+(\([^)]*\))?/g, () => known ?? randomUUID())
    .replace(/\*$/, 'index.html');
}

type Caller =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'kiosk' }
  | { readonly kind: 'session'; readonly role: Role }
  | { readonly kind: 'api token'; readonly role: Role };

const CALLERS: readonly Caller[] = [
  { kind: 'anonymous' },
  { kind: 'kiosk' },
  ...ROLES.map((role) => ({ kind: 'session' as const, role })),
  ...ROLES.map((role) => ({ kind: 'api token' as const, role })),
];

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What the auth layer must answer: 'pass' (anything but its own 401/403), 'unauthenticated' or 'forbidden'. */
function expected(caller: Caller, method: string, access: Access): 'pass' | 'unauthenticated' | 'forbidden' {
  if (access === 'public') return 'pass';
  if (caller.kind === 'anonymous') return 'unauthenticated';
  // A kiosk token is read-only: on a change it is no credential at all.
  if (caller.kind === 'kiosk') return !SAFE.has(method) ? 'unauthenticated' : roleAllows('viewer', access) ? 'pass' : 'forbidden';
  return roleAllows(caller.role, access) ? 'pass' : 'forbidden';
}

const callerName = (c: Caller): string => (c.kind === 'session' || c.kind === 'api token' ? `${c.role} ${c.kind}` : c.kind);

describe('every route against every caller', () => {
  let server: TestServer;
  let table: readonly RouteAccess[];
  const tokens = new Map<Role, string>();

  beforeAll(async () => {
    server = await startTestServer();
    table = server.app.accessTable;
    for (const role of ROLES) tokens.set(role, server.apiToken(role));
  });
  afterAll(async () => server?.close());

  /** A fresh credential per request: a route such as logout may end the session it is called with. */
  async function headersOf(caller: Caller, method: string): Promise<Record<string, string>> {
    switch (caller.kind) {
      case 'anonymous':
      case 'kiosk':
        return {};
      case 'api token':
        return { authorization: `Bearer ${tokens.get(caller.role) ?? ''}` };
      case 'session': {
        const { cookie, 'x-csrf-token': csrf } = await server.login(caller.role);
        return SAFE.has(method) ? { cookie } : { cookie, 'x-csrf-token': csrf };
      }
    }
  }

  async function call(method: string, url: string, headers: Record<string, string>) {
    const options: InjectOptions = { method, url, headers };
    // An empty JSON object: enough to get past the auth layer to validation, and never a real change.
    if (!SAFE.has(method)) Object.assign(options, { headers: { ...headers, 'content-type': 'application/json' }, payload: '{}' });
    const res = await server.app.inject(options);
    const isJson = String(res.headers['content-type'] ?? '').startsWith('application/json') && res.body !== '';
    const code = isJson ? (res.json<{ error?: { code?: string } }>().error?.code ?? null) : null;
    return { status: res.statusCode, code };
  }

  it('collects the routes of the whole app, each with a declared access level', () => {
    const urls = new Set(table.map((r) => `${r.method} ${r.url}`));
    for (const route of ['GET /ws', 'GET /health', 'GET /api/sensors', 'POST /api/auth/login', 'GET /api/users', 'POST /api/gateways/:id/credential', 'GET /api/audit.csv']) {
      expect(urls).toContain(route);
    }
    expect(table.length).toBeGreaterThan(30);
  });

  it('opens to anyone only the routes reviewed as public', () => {
    // A new public route is a security decision: add it here only after deciding that nobody needs to sign in for it.
    const reviewed = [
      /^(GET|HEAD) \/health$/,
      /^POST \/api\/auth\/(login|logout)$/,
      /^(GET|HEAD) \/\*?$/, // the dashboard's static files; its data needs a credential
      /^OPTIONS \/api\/\*$/, // CORS preflight, when CORS_ORIGINS is set
      /^(GET|HEAD|POST) \/api\/contractor\//, // the contractor's phone: every call carries a signed, expiring link
      /^(GET|HEAD) \/cap\//, // CAP 1.2 warnings: published for the public and for alert aggregators
    ];
    const unreviewed = table.filter((r) => r.access === 'public' && !reviewed.some((p) => p.test(`${r.method} ${r.url}`)));
    expect(unreviewed.map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it('answers every route as its access level requires, for every caller', async () => {
    const failures: string[] = [];
    const gets = new Set(table.filter((r) => r.method === 'GET').map((r) => r.url));
    // A HEAD twin of a GET route runs the same hooks and handler; its empty body cannot show whether a
    // 401 came from the auth layer or from the handler (a contractor link's bad signature), so the GET stands for it.
    for (const route of table.filter((r) => !(r.method === 'HEAD' && gets.has(r.url)))) {
      const url = concreteUrl(route.url);
      for (const caller of CALLERS) {
        const want = expected(caller, route.method, route.access);
        // A wall screen passes its token in the URL, as the dashboard does (?kiosk=), on /ws as on /api.
        const target = caller.kind === 'kiosk' ? `${url}${url.includes('?') ? '&' : '?'}kiosk=${server.kiosk}` : url;
        const { status, code } = await call(route.method, target, await headersOf(caller, route.method));
        const authRefusal = route.method === 'HEAD' ? status === 401 || status === 403 : (status === 401 && code === 'unauthenticated') || (status === 403 && (code === 'forbidden' || code === 'csrf'));
        const ok =
          want === 'pass'
            ? !authRefusal
            : want === 'unauthenticated'
              ? status === 401 && (code === null || code === 'unauthenticated')
              : status === 403 && (code === null || code === 'forbidden');
        if (!ok) failures.push(`${route.method} ${route.url} (${route.access}) as ${callerName(caller)}: expected ${want}, got ${status} ${code ?? ''}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses a change by a signed-in browser without the right CSRF token, on every route that changes something', async () => {
    const failures: string[] = [];
    for (const route of table.filter((r) => !SAFE.has(r.method) && r.access !== 'public')) {
      const url = concreteUrl(route.url);
      const { cookie } = await server.login('admin');
      for (const headers of [{ cookie }, { cookie, 'x-csrf-token': 'not-the-token' }]) {
        const { status, code } = await call(route.method, url, headers);
        if (status !== 403 || code !== 'csrf') failures.push(`${route.method} ${route.url} with ${JSON.stringify(Object.keys(headers))}: ${status} ${code ?? ''}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
