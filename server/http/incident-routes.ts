import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdSchema, LatitudeSchema, LongitudeSchema } from '../contracts/registry.ts';
import { DispatchHazardSchema } from '../contracts/machinery.ts';
import type { Machinery } from '../dispatch/machinery.ts';
import { changeContext } from './registry-routes.ts';
import './access.ts';

export interface IncidentRoutesOptions {
  readonly machinery: Machinery;
}

const IdParams = z.object({ id: IdSchema });

export const IncidentBodySchema = z.strictObject({
  hazard: DispatchHazardSchema,
  lat: LatitudeSchema,
  lon: LongitudeSchema,
  description: z.string({ message: 'required' }).trim().min(3, 'say in a few words what is happening').max(2000, 'at most 2000 characters'),
  villageId: IdSchema.optional(),
  source: z.string().trim().max(200, 'at most 200 characters').optional(),
});

/** Manual incidents at a map point (a citizen's call, a field report), to dispatch machines to like alerts. */
export const incidentRoutes: FastifyPluginAsyncZod<IncidentRoutesOptions> = async (app, { machinery: m }) => {
  app.post('/api/incidents', { config: { access: 'operator' }, schema: { body: IncidentBodySchema } }, async (request, reply) => {
    const b = request.body;
    const incident = m.incidents.create(
      { hazard: b.hazard, lat: b.lat, lon: b.lon, description: b.description, villageId: b.villageId, source: b.source || null },
      changeContext(request),
    );
    return reply.status(201).send(incident);
  });

  app.get(
    '/api/incidents',
    { config: { access: 'viewer' }, schema: { querystring: z.object({ status: z.enum(['open', 'closed'], { message: 'expected open or closed' }).optional() }) } },
    async (request) => ({ incidents: m.incidents.list(request.query.status) }),
  );

  app.get('/api/incidents/:id', { config: { access: 'viewer' }, schema: { params: IdParams } }, async (request) => {
    const incident = m.incidents.get(request.params.id);
    return { ...incident, dispatches: m.dispatch.list({ target: { kind: 'incident', id: incident.id } }) };
  });

  app.post(
    '/api/incidents/:id/close',
    { config: { access: 'operator' }, schema: { params: IdParams, body: z.strictObject({ note: z.string().trim().max(2000).optional() }).optional() } },
    async (request) => {
      const id = request.params.id;
      const open = m.dispatch.list({ target: { kind: 'incident', id }, open: true }).length > 0;
      return m.incidents.close(id, request.body?.note || null, open, changeContext(request));
    },
  );
};
