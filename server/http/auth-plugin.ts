import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Accounts } from '../accounts/accounts.ts';
import type { Authenticated, CredentialSource } from '../accounts/authenticator.ts';
import { parseCookies } from '../accounts/cookies.ts';
import { csrfTokenFor, safeEqual } from '../accounts/secret-token.ts';
import { CSRF_HEADER, KIOSK_QUERY_PARAM, SESSION_COOKIE } from '../contracts/accounts.ts';
import { ACCESS_LEVELS, roleAllows, type Access, type Actor } from './access.ts';
import { clearSessionCookies, cookieSecure, type CookieSecureMode } from './auth-cookies.ts';
import { HttpError } from './error-handler.ts';

export interface AuthOptions {
  readonly accounts: Accounts;
  readonly cookieSecure: CookieSecureMode;
  /** Other origins whose pages may use a session (CORS_ORIGINS, e.g. the Vite dev server). */
  readonly trustedOrigins?: readonly string[];
  /** ANONYMOUS_VIEWER: a request without any credential may read as a viewer (the demo; a closed wall network). */
  readonly anonymousViewer?: boolean;
}

/** Who a request without credentials is when ANONYMOUS_VIEWER is on. */
const ANONYMOUS_VIEWER: Actor = { kind: 'kiosk', id: 'anonymous', name: 'anonymous viewer', role: 'viewer' };

/** A route and the access it declares, as registered (HEAD twins included). */
export interface RouteAccess {
  readonly method: string;
  readonly url: string;
  readonly access: Access;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its access level, filled when the app is ready (for the route-access test). */
    readonly accessTable: readonly RouteAccess[];
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What onRequest found, kept off the request object so no serializer or log can ever print it. */
interface Credential {
  readonly auth: Authenticated;
  /** The session cookie's secret, to check the CSRF token and to end or keep this session. */
  readonly sessionSecret: string | null;
}
const credentials = new WeakMap<FastifyRequest, Credential>();

type Attempt = { readonly ok: true; readonly credential: Credential } | { readonly ok: false; readonly source: CredentialSource; readonly message: string };

export function credentialOf(request: FastifyRequest): Authenticated | null {
  return credentials.get(request)?.auth ?? null;
}

export function sessionSecretOf(request: FastifyRequest): string | null {
  return credentials.get(request)?.sessionSecret ?? null;
}

/** Who did it and from where, for the audit log. */
export function auditSource(request: FastifyRequest): { actor: string; sourceIp: string } {
  return { actor: request.actor?.name ?? 'anonymous', sourceIp: request.ip };
}

/** No Origin (not a browser) or our own origin, or one configured as trusted. */
function originAllowed(origin: string | undefined, host: string, trusted: readonly string[] = []): boolean {
  if (origin === undefined) return true;
  if (trusted.includes(origin)) return true;
  return URL.canParse(origin) && new URL(origin).host === host;
}

function authenticate(request: FastifyRequest, accounts: Accounts): Attempt | null {
  const { authenticator } = accounts;
  const safe = SAFE_METHODS.has(request.method);
  const readOnly = 'A kiosk token is read-only: it is accepted on GET requests only. Sign in to make changes.';
  const header = request.headers.authorization;
  if (header !== undefined) {
    const [scheme = '', secret = '', ...extra] = header.trim().split(/\s+/);
    const kind = scheme.toLowerCase();
    if (extra.length === 0 && kind === 'bearer') {
      const auth = authenticator.api(secret);
      return auth ? { ok: true, credential: { auth, sessionSecret: null } } : { ok: false, source: 'api', message: 'The API token is unknown, revoked or expired; ask an admin for a new one.' };
    }
    if (extra.length === 0 && kind === 'kiosk') {
      if (!safe) return { ok: false, source: 'kiosk', message: readOnly };
      const auth = authenticator.kiosk(secret);
      return auth ? { ok: true, credential: { auth, sessionSecret: null } } : { ok: false, source: 'kiosk', message: 'The kiosk token is unknown or revoked; ask an admin for a new kiosk link.' };
    }
    return { ok: false, source: 'api', message: 'Unsupported authorization header: send "Bearer <API token>" or "Kiosk <kiosk token>".' };
  }
  const kiosk = (request.query as Record<string, unknown> | undefined)?.[KIOSK_QUERY_PARAM];
  if (typeof kiosk === 'string') {
    if (!safe) return { ok: false, source: 'kiosk', message: readOnly };
    const auth = authenticator.kiosk(kiosk);
    return auth ? { ok: true, credential: { auth, sessionSecret: null } } : { ok: false, source: 'kiosk', message: 'The kiosk token in this link is unknown or revoked; ask an admin for a new kiosk link.' };
  }
  const cookie = request.headers.cookie === undefined ? undefined : parseCookies(request.headers.cookie).get(SESSION_COOKIE);
  if (cookie !== undefined && cookie !== '') {
    const auth = authenticator.session(cookie);
    return auth ? { ok: true, credential: { auth, sessionSecret: cookie } } : { ok: false, source: 'session', message: 'Your session has ended (signed out, expired or idle too long): sign in again.' };
  }
  return null;
}

/**
 * Authentication and access control for every route, in one place, registered before any route.
 *
 * - At start-up every route must declare `config.access` (server/http/access.ts); one without fails
 *   `ready()`, so a new route is never open by accident. The check runs at ready rather than in
 *   onRoute because plugins (e.g. the static files) set the access in their own onRoute hook, which
 *   runs after this one.
 * - On every request: an `authorization` header (Bearer API token or Kiosk token), else a `kiosk`
 *   query parameter, else the session cookie, becomes `request.actor`. Public routes accept anyone;
 *   otherwise no or a bad credential is 401 `unauthenticated`, a role too low is 403 `forbidden`, and a
 *   cookie-authenticated change without the session's CSRF token is 403 `csrf`. Token clients are
 *   exempt from CSRF: a browser never attaches their header by itself.
 */
export function registerAuth(app: FastifyInstance, opts: AuthOptions): void {
  const routes: RouteOptions[] = [];
  const table: RouteAccess[] = [];
  app.decorate('accessTable', table);
  app.decorateRequest('actor', null);

  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  app.addHook('onReady', async () => {
    const undeclared: string[] = [];
    table.length = 0;
    for (const route of routes) {
      const access = route.config?.access;
      for (const method of [route.method].flat()) {
        if (access === undefined || !ACCESS_LEVELS.includes(access)) undeclared.push(`${method} ${route.url}`);
        else table.push({ method, url: route.url, access });
      }
    }
    if (undeclared.length > 0) {
      throw new Error(
        `Routes without an access level: ${undeclared.join(', ')}. Add config: { access: 'public' | 'viewer' | 'operator' | 'admin' } to each (see server/http/access.ts).`,
      );
    }
  });

  // A WebSocket upgrade refused here never reaches @fastify/websocket's own onRequest hook, so its
  // onResponse does not close the socket: close it, or it stays half-open and blocks shutdown.
  app.addHook('onResponse', async (request, reply) => {
    if (request.headers.upgrade !== undefined && reply.statusCode !== 101 && !request.raw.socket.destroyed) request.raw.socket.destroy();
  });

  app.addHook('onRequest', async (request, reply) => {
    // Unmatched URLs reach only the 404 handler: there is nothing behind them to protect.
    if (request.is404) return;
    const access = request.routeOptions.config.access;
    if (access === undefined) throw new HttpError(403, 'forbidden', 'This route declares no access level, so nobody may use it.');
    const attempt = authenticate(request, opts.accounts);
    if (attempt?.ok) {
      credentials.set(request, attempt.credential);
      request.actor = attempt.credential.auth.actor;
    }
    if (access === 'public') return;
    if (request.headers.upgrade !== undefined) reply.header('connection', 'close');
    if (attempt === null) {
      if (opts.anonymousViewer === true && access === 'viewer') {
        request.actor = ANONYMOUS_VIEWER;
        return;
      }
      throw new HttpError(401, 'unauthenticated', 'Sign in, or open the dashboard with its kiosk link, or send an API token.');
    }
    if (!attempt.ok) {
      // Tell the browser to drop a cookie that can no longer work.
      if (attempt.source === 'session') clearSessionCookies(reply, cookieSecure(request, opts.cookieSecure));
      throw new HttpError(401, 'unauthenticated', attempt.message);
    }
    const { auth, sessionSecret } = attempt.credential;
    // A page elsewhere must not open the live stream with the user's cookie (cross-site WebSocket hijacking).
    if (sessionSecret !== null && request.headers.upgrade !== undefined && !originAllowed(request.headers.origin, request.host, opts.trustedOrigins)) {
      throw new HttpError(403, 'csrf', 'This live stream was opened from another site; open the dashboard from Skopia itself.');
    }
    if (sessionSecret !== null && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !safeEqual(sent, csrfTokenFor(sessionSecret))) {
        throw new HttpError(403, 'csrf', `Missing or wrong ${CSRF_HEADER} header: send the csrfToken of GET /api/auth/session (also in the skopia_csrf cookie) with every change.`);
      }
    }
    if (!roleAllows(auth.actor.role, access)) {
      throw new HttpError(403, 'forbidden', `This needs the ${access} role; ${auth.actor.name} has the ${auth.actor.role} role.`);
    }
  });
}
