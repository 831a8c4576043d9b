import type { FastifyPluginAsync } from 'fastify';
import './access.ts';

export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly uptimeS: number;
  readonly broker: Readonly<Record<string, unknown>> & { readonly ok: boolean };
  readonly ingest: Readonly<Record<string, unknown>> & { readonly ok: boolean };
  readonly telemetryStore: Readonly<Record<string, unknown>> & { readonly ok: boolean };
  readonly live: { readonly clients: number };
  /** The self-check: a test reading's way through broker, ingest, store and live hub (absent when off). */
  readonly canary?: Readonly<Record<string, unknown>> & { readonly ok: boolean };
}

/** GET /health: 200 when every part is up, 503 with the same body when one is not (for probes). */
export const healthRoutes: FastifyPluginAsync<{ report: () => HealthReport }> = async (app, opts) => {
  app.get('/health', { config: { access: 'public' } }, async (_request, reply) => {
    const report = opts.report();
    return reply.status(report.status === 'ok' ? 200 : 503).send(report);
  });
};
