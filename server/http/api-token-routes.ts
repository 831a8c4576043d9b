import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AccessToken } from '../accounts/access-tokens.ts';
import { AccessTokenSchema, CreatedTokenSchema, EntityIdSchema, NewApiTokenRequestSchema, NoteBodySchema } from '../contracts/accounts.ts';
import { auditSource } from './auth-plugin.ts';
import { translateAccountErrors } from './auth-errors.ts';
import { HttpError } from './error-handler.ts';
import type { TokenRoutesOptions } from './kiosk-token-routes.ts';
import './access.ts';

const SMALL_BODY = 16 * 1024;
const Params = z.object({ id: EntityIdSchema });
const auditView = ({ id, name, role, expiresAt, revokedAt }: AccessToken) => ({ id, name, role, expiresAt, revokedAt });

/**
 * Admin: /api/api-tokens. An integration sends `authorization: Bearer <secret>` and acts with the
 * token's role. The secret is in the creation answer only; a token can expire and be revoked.
 */
export const apiTokenRoutes: FastifyPluginAsyncZod<TokenRoutesOptions & { readonly now: () => number }> = async (app, opts) => {
  translateAccountErrors(app);
  const { accounts, audit } = opts;

  app.get('/api/api-tokens', { config: { access: 'admin' }, schema: { response: { 200: z.object({ tokens: z.array(AccessTokenSchema) }) } } }, async () => ({
    tokens: accounts.tokens.list('api'),
  }));

  app.post(
    '/api/api-tokens',
    { config: { access: 'admin' }, bodyLimit: SMALL_BODY, schema: { body: NewApiTokenRequestSchema, response: { 201: CreatedTokenSchema } } },
    async (request, reply) => {
      const { name, role, expiresAt, note } = request.body;
      if (expiresAt !== undefined && expiresAt <= opts.now()) {
        throw new HttpError(400, 'invalid_request', 'body.expiresAt: must be in the future', [{ field: 'body.expiresAt', message: 'must be in the future' }]);
      }
      const who = auditSource(request);
      const { token, secret } = accounts.tokens.create({ kind: 'api', name, role, createdBy: who.actor, expiresAt: expiresAt ?? null });
      audit.record({ ...who, action: 'api_token.create', subjectType: 'api_token', subjectId: token.id, after: auditView(token), note: note ?? null });
      return reply.status(201).send({ token, secret });
    },
  );

  app.delete(
    '/api/api-tokens/:id',
    { config: { access: 'admin' }, bodyLimit: SMALL_BODY, schema: { params: Params, body: NoteBodySchema, response: { 200: AccessTokenSchema } } },
    async (request) => {
      const { before, after } = accounts.tokens.revoke('api', request.params.id);
      audit.record({ ...auditSource(request), action: 'api_token.revoke', subjectType: 'api_token', subjectId: after.id, before: auditView(before), after: auditView(after), note: request.body?.note ?? null });
      return after;
    },
  );
};
