import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Accounts } from '../accounts/accounts.ts';
import { csrfTokenFor, hashSecret, safeEqual } from '../accounts/secret-token.ts';
import { ChangePasswordRequestSchema, CSRF_HEADER, LoginRequestSchema, SessionInfoSchema, type SessionInfo } from '../contracts/accounts.ts';
import type { AuditLog } from '../store/audit-log.ts';
import { auditSource, credentialOf, sessionSecretOf } from './auth-plugin.ts';
import { clearSessionCookies, cookieSecure, setSessionCookies, type CookieSecureMode } from './auth-cookies.ts';
import { translateAccountErrors } from './auth-errors.ts';
import { HttpError } from './error-handler.ts';
import './access.ts';

export interface AuthRoutesOptions {
  readonly accounts: Accounts;
  readonly audit: AuditLog;
  readonly cookieSecure: CookieSecureMode;
}

/** Sign-in bodies are small; refusing big ones early keeps a flood cheap. */
const SMALL_BODY = 8 * 1024;

/**
 * POST /api/auth/login, POST /api/auth/logout, GET /api/auth/session (who am I, and the CSRF token),
 * POST /api/auth/password (change one's own password).
 */
export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, opts) => {
  translateAccountErrors(app);
  const { accounts, audit } = opts;

  app.post(
    '/api/auth/login',
    { config: { access: 'public' }, bodyLimit: SMALL_BODY, schema: { body: LoginRequestSchema, response: { 200: SessionInfoSchema } } },
    async (request, reply) => {
      const { username, password } = request.body;
      const result = await accounts.signIn(username, password, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
      if (!result.ok) {
        if (result.reason === 'locked') {
          const minutes = Math.ceil(result.retryAfterMs / 60_000);
          reply.header('retry-after', String(Math.ceil(result.retryAfterMs / 1000)));
          throw new HttpError(429, 'login_locked', `Too many failed sign-ins for this user or from this address: try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask an admin to unlock the account.`);
        }
        const known = accounts.users.byUsername(username)?.user;
        // An unknown "user name" is often a password typed in the wrong box: log it only when it is a user's.
        request.log.warn({ username: known?.username ?? '(unknown user)', ip: request.ip, reason: result.reason }, 'sign-in refused');
        const lockedUntil = accounts.throttle.lockedUntil(username);
        if (lockedUntil !== null && known) {
          audit.record({ actor: 'anonymous', sourceIp: request.ip, action: 'user.lockout', subjectType: 'user', subjectId: known.id, after: { lockedUntil } });
        }
        if (result.reason === 'disabled') throw new HttpError(403, 'account_disabled', 'This account is disabled; ask an admin to enable it.');
        throw new HttpError(401, 'invalid_credentials', 'Wrong user name or password.');
      }
      // A new session at every sign-in: whatever cookie the browser had before is worthless now.
      const previous = sessionSecretOf(request);
      if (previous !== null) accounts.sessions.end(hashSecret(previous));
      const secure = cookieSecure(request, opts.cookieSecure);
      setSessionCookies(reply, result.secret, Math.floor(accounts.sessions.policy.ttlMs / 1000), secure);
      audit.record({ actor: result.user.username, sourceIp: request.ip, action: 'session.login', subjectType: 'user', subjectId: result.user.id });
      const body: SessionInfo = {
        actor: { kind: 'user', id: result.user.id, name: result.user.username, role: result.user.role },
        user: result.user,
        csrfToken: csrfTokenFor(result.secret),
        expiresAt: result.session.expiresAt,
      };
      return body;
    },
  );

  app.post('/api/auth/logout', { config: { access: 'public' }, bodyLimit: SMALL_BODY }, async (request, reply) => {
    const secret = sessionSecretOf(request);
    if (secret !== null) {
      // Public, so that a stale cookie can always be cleared; a live session still needs its CSRF token.
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !safeEqual(sent, csrfTokenFor(secret))) {
        throw new HttpError(403, 'csrf', `Missing or wrong ${CSRF_HEADER} header: send the csrfToken of GET /api/auth/session to sign out.`);
      }
      accounts.sessions.end(hashSecret(secret));
      audit.record({ ...auditSource(request), action: 'session.logout', subjectType: 'user', subjectId: request.actor?.id ?? '' });
    }
    clearSessionCookies(reply, cookieSecure(request, opts.cookieSecure));
    return reply.status(204).send();
  });

  app.get('/api/auth/session', { config: { access: 'viewer' }, schema: { response: { 200: SessionInfoSchema } } }, async (request) => {
    const auth = credentialOf(request);
    // ANONYMOUS_VIEWER: no credential, yet the auth hook let the request read as a viewer.
    if (!auth && request.actor !== null) return { actor: request.actor, user: null, csrfToken: null, expiresAt: null } satisfies SessionInfo;
    if (!auth) throw new HttpError(401, 'unauthenticated', 'Sign in first.');
    const secret = sessionSecretOf(request);
    const body: SessionInfo = {
      actor: auth.actor,
      user: auth.actor.kind === 'user' ? accounts.users.get(auth.actor.id) : null,
      csrfToken: secret === null ? null : csrfTokenFor(secret),
      expiresAt: secret === null ? null : (accounts.sessions.find(auth.tokenHash)?.expiresAt ?? null),
    };
    return body;
  });

  app.post(
    '/api/auth/password',
    { config: { access: 'viewer' }, bodyLimit: SMALL_BODY, schema: { body: ChangePasswordRequestSchema } },
    async (request, reply) => {
      const auth = credentialOf(request);
      if (!auth || auth.actor.kind !== 'user' || auth.source !== 'session') {
        throw new HttpError(403, 'not_a_user', 'Only a signed-in user can change a password; kiosk and API tokens have none.');
      }
      const { currentPassword, newPassword } = request.body;
      await accounts.changeOwnPassword(auth.actor.id, currentPassword, newPassword, { ip: request.ip, keepSession: auth.tokenHash });
      audit.record({ ...auditSource(request), action: 'user.password.change', subjectType: 'user', subjectId: auth.actor.id, note: 'own password; other sessions ended' });
      return reply.status(204).send();
    },
  );
};
