import type { FastifyPluginAsync } from 'fastify';
import type { RegionView } from '../contracts/registry.ts';
import './access.ts';

/** GET /api/region: everything the dashboard needs to draw the region without any network. */
export const regionRoutes: FastifyPluginAsync<{ region: RegionView }> = async (app, opts) => {
  const body = JSON.stringify(opts.region);
  app.get('/api/region', { config: { access: 'viewer' } }, async (_request, reply) => reply.header('content-type', 'application/json; charset=utf-8').send(body));
};
