import type { FastifyPluginAsync } from 'fastify';
import { formatPrometheus, PROMETHEUS_CONTENT_TYPE, type MetricFamily } from '../metrics/prometheus-text.ts';
import './access.ts';

/**
 * GET /metrics in the Prometheus text format. Access `viewer`: Prometheus scrapes with an API token of
 * the viewer role (`authorization: Bearer <token>`), made by an admin and revocable like any other,
 * so no second secret to configure; the counts it shows are no more than a wall screen sees.
 */
export const metricsRoutes: FastifyPluginAsync<{ collect: () => readonly MetricFamily[] }> = async (app, opts) => {
  app.get('/metrics', { config: { access: 'viewer' } }, async (_request, reply) => reply.type(PROMETHEUS_CONTENT_TYPE).send(formatPrometheus(opts.collect())));
};
