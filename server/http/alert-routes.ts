import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CAP_SEVERITIES } from '../../rules/engine/cap-vocabulary.ts';
import { AlertActionBodySchema, AlertDetailSchema, AlertViewSchema, ALERT_STATES, HazardSchema, type AlertState } from '../contracts/alerts.ts';
import { InstantSchema } from '../contracts/accounts.ts';
import type { Alerts } from '../alerts/alerts.ts';
import { metricsOfRule } from '../alerts/rule-metrics.ts';
import type { TelemetryStore } from '../telemetry/telemetry-store.ts';
import { HttpError } from './error-handler.ts';
import './access.ts';

export interface AlertRoutesOptions {
  readonly alerts: Alerts;
  readonly store: TelemetryStore;
  readonly now: () => number;
}

const HOUR_MS = 3_600_000;
const MAX_SENSORS_SHOWN = 12;

/** `firing,acknowledged`, or `open` for both. */
const StatesSchema = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter((s) => s !== ''))
  .transform((list) => list.flatMap((s) => (s === 'open' ? ['firing', 'acknowledged'] : [s])))
  .refine((list) => list.every((s) => (ALERT_STATES as readonly string[]).includes(s)), { message: `expected states among ${ALERT_STATES.join(', ')}, or open` })
  .transform((list) => list as AlertState[]);

const SeveritiesSchema = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter((s) => s !== ''))
  .refine((list) => list.every((s) => (CAP_SEVERITIES as readonly string[]).includes(s)), { message: `expected severities among ${CAP_SEVERITIES.join(', ')}` });

const ListQuerySchema = z.object({
  state: StatesSchema.optional(),
  hazard: HazardSchema.optional(),
  severity: SeveritiesSchema.optional(),
  /** Alerts changed at or after this time (epoch ms or ISO 8601). */
  since: InstantSchema.optional(),
  ruleId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

const Params = z.object({ id: z.uuid('expected an alert id (a UUID)') });

/**
 * Alerts: GET /api/alerts (viewer; filters state, hazard, severity, since), GET /api/alerts/:id
 * (viewer; history, rule, recent readings, notification log, CAP messages), POST .../acknowledge and
 * .../resolve with a required comment (operator; 409 with the allowed actions when the state forbids).
 */
export const alertRoutes: FastifyPluginAsyncZod<AlertRoutesOptions> = async (app, opts) => {
  const { alerts, store, now } = opts;
  const { service } = alerts;

  app.get(
    '/api/alerts',
    { config: { access: 'viewer' }, schema: { querystring: ListQuerySchema, response: { 200: z.object({ alerts: z.array(AlertViewSchema) }) } } },
    async (request) => {
      const q = request.query;
      return {
        alerts: service.list({
          limit: q.limit,
          ...(q.state !== undefined ? { states: q.state } : {}),
          ...(q.hazard !== undefined ? { hazard: q.hazard } : {}),
          ...(q.severity !== undefined ? { severities: q.severity } : {}),
          ...(q.since !== undefined ? { since: q.since } : {}),
          ...(q.ruleId !== undefined ? { ruleId: q.ruleId } : {}),
        }),
      };
    },
  );

  app.get('/api/alerts/:id', { config: { access: 'viewer' }, schema: { params: Params, response: { 200: AlertDetailSchema } } }, async (request) => {
    const alert = service.get(request.params.id);
    if (alert === null) throw new HttpError(404, 'alert_not_found', `No alert "${request.params.id}".`);
    const rule = alerts.rules.rules.find((r) => r.id === alert.ruleId) ?? null;
    const to = (alert.resolved?.at ?? now()) + 1;
    // From a while before it fired (the trend that led there) to its end, at most a day.
    const from = Math.max(alert.raisedAt - 3 * HOUR_MS, to - 24 * HOUR_MS);
    const metrics = rule === null ? [] : metricsOfRule(rule);
    const readings: { sensorId: string; metric: string; points: { ts: number; value: number }[] }[] = [];
    for (const sensorId of alert.sensorIds.slice(0, MAX_SENSORS_SHOWN)) {
      for (const metric of metrics) {
        const points = await store.range(sensorId, metric, from, to, 2000);
        if (points.length > 0) readings.push({ sensorId, metric, points });
      }
    }
    return {
      alert: service.view(alert),
      history: alerts.service.history(alert.id),
      rule,
      readings,
      notifications: alerts.service.notificationsOf(alert.id),
      cap: alerts.cap.forAlert(alert.id).map((m) => ({ identifier: m.identifier, msgType: m.msgType, sent: m.sent })),
    };
  });

  const action = (verb: 'acknowledge' | 'resolve') =>
    app.post(
      `/api/alerts/:id/${verb}`,
      { config: { access: 'operator' }, bodyLimit: 16 * 1024, schema: { params: Params, body: AlertActionBodySchema, response: { 200: AlertViewSchema } } },
      async (request) => {
        const actor = { name: request.actor?.name ?? 'anonymous', sourceIp: request.ip };
        return verb === 'acknowledge' ? service.acknowledge(request.params.id, actor, request.body.comment) : service.resolve(request.params.id, actor, request.body.comment);
      },
    );
  action('acknowledge');
  action('resolve');
};
