import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Accounts } from '../accounts/accounts.ts';
import type { AccessToken } from '../accounts/access-tokens.ts';
import { AccessTokenSchema, CreatedTokenSchema, EntityIdSchema, KIOSK_QUERY_PARAM, NewKioskTokenRequestSchema, NoteBodySchema } from '../contracts/accounts.ts';
import type { AuditLog } from '../store/audit-log.ts';
import { auditSource } from './auth-plugin.ts';
import { translateAccountErrors } from './auth-errors.ts';
import './access.ts';

export interface TokenRoutesOptions {
  readonly accounts: Accounts;
  readonly audit: AuditLog;
}

const SMALL_BODY = 16 * 1024;
const Params = z.object({ id: EntityIdSchema });
/** What the audit log keeps of a token: everything but the secret, which is never stored anyway. */
const auditView = ({ id, name, role, expiresAt, revokedAt }: AccessToken) => ({ id, name, role, expiresAt, revokedAt });

/**
 * Admin: /api/kiosk-tokens. A kiosk token opens the dashboard read-only on a wall screen:
 * `https://skopia.example/?kiosk=<secret>`. The secret is in the creation answer only.
 */
export const kioskTokenRoutes: FastifyPluginAsyncZod<TokenRoutesOptions> = async (app, opts) => {
  translateAccountErrors(app);
  const { accounts, audit } = opts;

  app.get('/api/kiosk-tokens', { config: { access: 'admin' }, schema: { response: { 200: z.object({ tokens: z.array(AccessTokenSchema) }) } } }, async () => ({
    tokens: accounts.tokens.list('kiosk'),
  }));

  app.post(
    '/api/kiosk-tokens',
    { config: { access: 'admin' }, bodyLimit: SMALL_BODY, schema: { body: NewKioskTokenRequestSchema, response: { 201: CreatedTokenSchema } } },
    async (request, reply) => {
      const who = auditSource(request);
      const { token, secret } = accounts.tokens.create({ kind: 'kiosk', name: request.body.name, role: 'viewer', createdBy: who.actor });
      audit.record({ ...who, action: 'kiosk_token.create', subjectType: 'kiosk_token', subjectId: token.id, after: auditView(token), note: request.body.note ?? null });
      return reply.status(201).send({ token, secret, url: `/?${KIOSK_QUERY_PARAM}=${encodeURIComponent(secret)}` });
    },
  );

  app.delete(
    '/api/kiosk-tokens/:id',
    { config: { access: 'admin' }, bodyLimit: SMALL_BODY, schema: { params: Params, body: NoteBodySchema, response: { 200: AccessTokenSchema } } },
    async (request) => {
      const { before, after } = accounts.tokens.revoke('kiosk', request.params.id);
      audit.record({ ...auditSource(request), action: 'kiosk_token.revoke', subjectType: 'kiosk_token', subjectId: after.id, before: auditView(before), after: auditView(after), note: request.body?.note ?? null });
      return after;
    },
  );
};
