import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdSchema, LatitudeSchema, LongitudeSchema } from '../contracts/registry.ts';
import { DispatchHazardSchema } from '../contracts/machinery.ts';
import { DISPATCH_STATUSES, type DispatchPoint, type DispatchTarget } from '../contracts/dispatch.ts';
import type { Machinery } from '../dispatch/machinery.ts';
import { changeContext } from './registry-routes.ts';
import { HttpError } from './error-handler.ts';
import './access.ts';

export interface DispatchRoutesOptions {
  readonly machinery: Machinery;
}

const IdParams = z.object({ id: IdSchema });
const note = z.string().trim().max(2000, 'at most 2000 characters').optional();
const TargetKindSchema = z.enum(['alert', 'incident'], { message: 'expected alert or incident' });

export const SuggestionQuerySchema = z
  .object({
    lat: z.coerce.number().pipe(LatitudeSchema).optional(),
    lon: z.coerce.number().pipe(LongitudeSchema).optional(),
    hazard: DispatchHazardSchema.optional(),
    villageId: IdSchema.optional(),
    incidentId: IdSchema.optional(),
    alertId: IdSchema.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(20),
  })
  .superRefine((q, ctx) => {
    const byPoint = q.lat !== undefined || q.lon !== undefined || q.hazard !== undefined;
    const ways = [byPoint, q.incidentId !== undefined, q.alertId !== undefined].filter(Boolean).length;
    if (ways !== 1) {
      ctx.addIssue({ code: 'custom', path: ['lat'], message: 'give either lat, lon and hazard, or incidentId, or alertId' });
      return;
    }
    if (byPoint) {
      for (const key of ['lat', 'lon', 'hazard'] as const) {
        if (q[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'required with a point: give lat, lon and hazard' });
      }
    }
  });

const instant = z
  .union([z.coerce.number().int().nonnegative(), z.iso.datetime({ offset: true }), z.iso.date()], { message: 'expected epoch ms, an ISO date-time or YYYY-MM-DD' })
  .transform((v) => (typeof v === 'number' ? v : Date.parse(v)));

export const DispatchListQuerySchema = z.object({
  open: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  from: instant.optional(),
  to: instant.optional(),
  contractorId: IdSchema.optional(),
  villageId: IdSchema.optional(),
  machineId: IdSchema.optional(),
  incidentId: IdSchema.optional(),
  alertId: IdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(500),
});

/**
 * Suggestions and dispatches for officers. Suggestions are readable by viewers (a wall screen may
 * show them); requesting and moving a dispatch needs an operator.
 */
export const dispatchRoutes: FastifyPluginAsyncZod<DispatchRoutesOptions> = async (app, { machinery: m }) => {
  app.get('/api/dispatch/suggestions', { config: { access: 'viewer' }, schema: { querystring: SuggestionQuerySchema } }, async (request) => {
    const q = request.query;
    let target: DispatchTarget | DispatchPoint;
    if (q.incidentId !== undefined) target = m.targets.resolve('incident', q.incidentId);
    else if (q.alertId !== undefined) target = m.targets.resolve('alert', q.alertId);
    else if (q.hazard !== undefined && q.lat !== undefined && q.lon !== undefined) {
      target = { hazard: q.hazard, lat: q.lat, lon: q.lon, ...(q.villageId !== undefined ? { villageId: q.villageId } : {}) };
    } else throw new HttpError(400, 'invalid_request', 'querystring.lat: give either lat, lon and hazard, or incidentId, or alertId');
    return { target, suggestions: m.suggestions(target).slice(0, q.limit) };
  });

  app.post(
    '/api/dispatches',
    {
      config: { access: 'operator' },
      schema: { body: z.strictObject({ machineId: IdSchema, target: z.strictObject({ kind: TargetKindSchema, id: IdSchema }), note }) },
    },
    async (request, reply) => {
      const { machineId, target, note: text } = request.body;
      const resolved = m.targets.resolve(target.kind, target.id);
      const dispatch = m.dispatch.request({ machineId, target: resolved, note: text || null }, changeContext(request));
      return reply.status(201).send(dispatch);
    },
  );

  app.get('/api/dispatches', { config: { access: 'viewer' }, schema: { querystring: DispatchListQuerySchema } }, async (request) => {
    const q = request.query;
    const target = q.incidentId !== undefined ? { kind: 'incident' as const, id: q.incidentId } : q.alertId !== undefined ? { kind: 'alert' as const, id: q.alertId } : undefined;
    return {
      dispatches: m.dispatch.list({
        limit: q.limit,
        ...(q.open !== undefined ? { open: q.open } : {}),
        ...(q.from !== undefined ? { from: q.from } : {}),
        ...(q.to !== undefined ? { to: q.to } : {}),
        ...(q.contractorId !== undefined ? { contractorId: q.contractorId } : {}),
        ...(q.villageId !== undefined ? { villageId: q.villageId } : {}),
        ...(q.machineId !== undefined ? { machineId: q.machineId } : {}),
        ...(target !== undefined ? { target } : {}),
      }),
    };
  });

  app.get('/api/dispatches/:id', { config: { access: 'viewer' }, schema: { params: IdParams } }, async (request) => m.dispatch.view(request.params.id));

  app.post(
    '/api/dispatches/:id/status',
    {
      config: { access: 'operator' },
      schema: {
        params: IdParams,
        body: z.strictObject({ status: z.enum(DISPATCH_STATUSES, { message: `expected one of ${DISPATCH_STATUSES.join(', ')}` }), note }),
      },
    },
    async (request) => m.dispatch.transition(request.params.id, request.body.status, request.body.note || null, 'officer', changeContext(request)),
  );

  app.post('/api/dispatches/:id/resend-link', { config: { access: 'operator' }, schema: { params: IdParams } }, async (request) =>
    m.dispatch.resendLink(request.params.id, changeContext(request)),
  );
};
