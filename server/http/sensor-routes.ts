import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdSchema } from '../contracts/registry.ts';
import { METRIC_NAME } from '../contracts/metrics.ts';
import type { SensorView } from '../contracts/live.ts';
import type { TelemetryStore } from '../telemetry/telemetry-store.ts';
import { HttpError } from './error-handler.ts';
import './access.ts';

export interface SensorRoutesOptions {
  readonly views: () => readonly SensorView[];
  readonly view: (id: string) => SensorView | null;
  readonly store: TelemetryStore;
  readonly now: () => number;
}

const DAY_MS = 86_400_000;
const instant = z.union([z.coerce.number().int().nonnegative(), z.iso.datetime({ offset: true })]).transform((v) =>
  typeof v === 'number' ? v : Date.parse(v),
);

export const ReadingsQuerySchema = z
  .object({
    metric: z.string().regex(METRIC_NAME, 'expected a metric name such as water_level_cm'),
    from: instant.optional(),
    to: instant.optional(),
    maxPoints: z.coerce.number().int().min(2).max(10_000).default(500),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { message: 'from must be before to', path: ['from'] });

export const sensorRoutes: FastifyPluginAsyncZod<SensorRoutesOptions> = async (app, opts) => {
  app.get('/api/sensors', { config: { access: 'viewer' } }, async () => ({ sensors: opts.views() }));

  app.get('/api/sensors/:id', { config: { access: 'viewer' }, schema: { params: z.object({ id: IdSchema }) } }, async (request) => {
    const view = opts.view(request.params.id);
    if (!view) throw new HttpError(404, 'sensor_not_found', `No sensor "${request.params.id}" in the registry`);
    return view;
  });

  app.get(
    '/api/sensors/:id/readings',
    { config: { access: 'viewer' }, schema: { params: z.object({ id: IdSchema }), querystring: ReadingsQuerySchema } },
    async (request) => {
      const { id } = request.params;
      if (!opts.view(id)) throw new HttpError(404, 'sensor_not_found', `No sensor "${id}" in the registry`);
      const to = request.query.to ?? opts.now();
      const from = request.query.from ?? to - DAY_MS;
      return opts.store.history({ sensorId: id, metric: request.query.metric, from, to, maxPoints: request.query.maxPoints });
    },
  );
};
