import type { FastifyInstance } from 'fastify';
import { CSRF_HEADER } from '../contracts/accounts.ts';
import { errorBody } from './error-handler.ts';
import './access.ts';

const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
const ALLOWED_HEADERS = `authorization, content-type, ${CSRF_HEADER}`;

/**
 * CORS for the origins in CORS_ORIGINS, and for nobody when it is empty (then no CORS header is ever
 * sent and no preflight route exists). Credentials (cookies) are never allowed cross-origin: another
 * site's page calls the API with an API token in the authorization header, not with a user's session.
 */
export function registerCors(app: FastifyInstance, origins: readonly string[]): void {
  if (origins.length === 0) return;
  const allowed = new Set(origins);
  app.addHook('onSend', async (request, reply, payload) => {
    const origin = request.headers.origin;
    if (origin !== undefined && allowed.has(origin)) {
      reply.header('access-control-allow-origin', origin);
      reply.header('access-control-expose-headers', 'retry-after, content-disposition');
    }
    reply.header('vary', 'Origin');
    return payload;
  });
  app.options('/api/*', { config: { access: 'public' } }, async (request, reply) => {
    const origin = request.headers.origin;
    if (origin === undefined || !allowed.has(origin)) {
      return reply.status(403).send(errorBody('cors_origin_not_allowed', `The origin ${origin ?? '(none)'} may not call this API; an admin can add it to CORS_ORIGINS.`));
    }
    return reply
      .status(204)
      .header('access-control-allow-methods', ALLOWED_METHODS)
      .header('access-control-allow-headers', ALLOWED_HEADERS)
      .header('access-control-max-age', '600')
      .send();
  });
}
