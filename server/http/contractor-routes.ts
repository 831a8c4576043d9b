import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { IdSchema, LatitudeSchema, LongitudeSchema } from '../contracts/registry.ts';
import { CONTRACTOR_ACTIONS, CONTRACTOR_LINK_HEADER } from '../contracts/dispatch.ts';
import type { Machinery } from '../dispatch/machinery.ts';
import './access.ts';

export interface ContractorRoutesOptions {
  readonly machinery: Machinery;
}

const IdParams = z.object({ id: IdSchema });

/**
 * The contractor's phone page. No account: `access: 'public'`, and instead every call carries the
 * signed link in a header, checked for signature (401) and expiry (410) before anything else.
 */
export const contractorRoutes: FastifyPluginAsyncZod<ContractorRoutesOptions> = async (app, { machinery: m }) => {
  // Before the body is even validated: without a good link nothing else is worth answering.
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const header = request.headers[CONTRACTOR_LINK_HEADER];
    const { id } = request.params as { id?: string };
    m.dispatch.verifyLink(typeof header === 'string' ? header : undefined, id ?? '');
  });

  app.get('/api/contractor/dispatches/:id', { config: { access: 'public' }, schema: { params: IdParams } }, async (request) => {
    return m.dispatch.contractorJob(request.params.id);
  });

  app.post(
    '/api/contractor/dispatches/:id/actions',
    {
      config: { access: 'public' },
      schema: {
        params: IdParams,
        body: z.strictObject({
          action: z.enum(CONTRACTOR_ACTIONS, { message: `expected one of ${CONTRACTOR_ACTIONS.join(', ')}` }),
          note: z.string().trim().max(1000, 'at most 1000 characters').optional(),
        }),
      },
    },
    async (request) => {
        return m.dispatch.contractorAction(request.params.id, request.body.action, request.body.note || null, request.ip);
    },
  );

  app.post(
    '/api/contractor/dispatches/:id/position',
    {
      config: { access: 'public' },
      schema: { params: IdParams, body: z.strictObject({ lat: LatitudeSchema, lon: LongitudeSchema, accuracyM: z.number().nonnegative().max(100_000).optional() }) },
    },
    async (request, reply) => {
        m.dispatch.reportPosition(request.params.id, request.body.lat, request.body.lon);
      return reply.status(204).send();
    },
  );
};
