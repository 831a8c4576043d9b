import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Alerts } from '../alerts/alerts.ts';
import { ruleLiveViews } from '../alerts/rule-live-state.ts';
import { validateDraft } from '../alerts/rule-set-source.ts';
import './access.ts';

export interface RuleRoutesOptions {
  readonly alerts: Alerts;
}

const DraftSchema = z.object({
  /** The rule-set document: `{ "version": 1, "rules": [...] }`, as JSON or as JSON text. */
  document: z.unknown().refine((v) => v !== undefined, 'the rule-set document is required, e.g. { "version": 1, "rules": [...] }'),
  /**
   * The file it is meant to become in RULES_DIR, e.g. `default.json`: then it is checked together with
   * the other files in force (duplicate rule ids across files). Without it, it is checked alone.
   */
  file: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,100}\.json$/, 'a file name such as default.json')
    .optional(),
});

/**
 * GET /api/rules (viewer): the rule set in force, where it came from, the last rejected attempt with
 * file, path and reason, and each rule's live state (active, pending with since and raisesAt, FWI codes).
 * POST /api/rules/validate (operator): checks a draft rule set without changing anything.
 */
export const ruleRoutes: FastifyPluginAsyncZod<RuleRoutesOptions> = async (app, opts) => {
  const { alerts } = opts;

  app.get('/api/rules', { config: { access: 'viewer' } }, async () => {
    const live = new Map(ruleLiveViews(alerts.engine.state, alerts.engine.rules).map((l) => [l.ruleId, l]));
    return {
      ...alerts.rules.status(),
      rules: alerts.rules.rules.map((rule) => ({ ...rule, live: live.get(rule.id) ?? null })),
    };
  });

  app.post('/api/rules/validate', { config: { access: 'operator' }, bodyLimit: 1 << 20, schema: { body: DraftSchema } }, async (request) => {
    const result = validateDraft(alerts.rules.files, request.body.document, request.body.file);
    if (!result.ok) return { ok: false, errors: result.errors };
    return {
      ok: true,
      errors: [],
      rules: result.rules.map((r) => ({ id: r.id, name: r.name, hazard: r.hazard, enabled: r.enabled, public: r.public, kind: r.condition.kind })),
    };
  });
};
