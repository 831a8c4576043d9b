/**
 * Why an alert fired, from the rule document the alert detail carries (`AlertDetail.rule`, free-form
 * JSON as the rule set has it): the condition's kind and parameters, and the levels worth drawing on
 * the readings chart. Pure; unknown shapes degrade to fewer facts, never to an error.
 */

export const CONDITION_KINDS = [
  'threshold',
  'rate_of_change',
  'accumulation',
  'gauge_levels',
  'fire_weather_index',
  'fire_weather_30_30_30',
  'fire_detection',
  'fire_correlation',
  'no_data',
] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

/** Condition parameters the dashboard names in every language; others are shown by their key. */
export const KNOWN_PARAMS = [
  'metric',
  'direction',
  'raise',
  'clear',
  'window',
  'minSpan',
  'ratePerHour',
  'clearRatePerHour',
  'warningSeverity',
  'alarmSeverity',
  'requireRising',
  'minRiseCmPerHour',
  'trendWindow',
  'minTrendSpan',
  'hysteresisCm',
  'intervals',
  'gatewayDown',
  'gatewaySeverity',
  'signal',
  'minSensors',
  'radiusKm',
  'minTemperatureC',
  'maxHumidityPct',
  'minWindKmh',
  'severities',
  'noonTolerance',
] as const;
export type KnownParam = (typeof KNOWN_PARAMS)[number];

/** Shown elsewhere (the unit with the values) or not a fact about the decision. */
const SKIPPED = new Set(['kind', 'unit', 'label']);

export interface RuleParam {
  readonly key: string;
  readonly known: KnownParam | null;
  /** The value as the rule set writes it: a number, a word, `smoke: true, coPpm: 10`. */
  readonly value: string;
}

export interface RuleReference {
  readonly metric: string | null;
  readonly key: 'raise' | 'clear';
  readonly value: number;
}

export interface RuleSummary {
  readonly description: string | null;
  readonly kind: ConditionKind | null;
  /** The kind as written, when it is one this dashboard does not know. */
  readonly kindText: string | null;
  readonly params: readonly RuleParam[];
  /** Levels to draw as lines on the chart of the rule's metric. */
  readonly references: readonly RuleReference[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (Array.isArray(value)) return value.map(show).join(', ');
  if (isRecord(value)) return Object.entries(value).map(([k, v]) => `${k}: ${show(v)}`).join(', ');
  return String(value);
}

export function summarizeRule(rule: Readonly<Record<string, unknown>> | null): RuleSummary {
  const condition = isRecord(rule?.['condition']) ? rule['condition'] : {};
  const kindText = typeof condition['kind'] === 'string' ? condition['kind'] : null;
  const kind = (CONDITION_KINDS as readonly string[]).includes(kindText ?? '') ? (kindText as ConditionKind) : null;
  const params: RuleParam[] = Object.entries(condition)
    .filter(([key]) => !SKIPPED.has(key))
    .map(([key, value]) => ({
      key,
      known: (KNOWN_PARAMS as readonly string[]).includes(key) ? (key as KnownParam) : null,
      value: show(value),
    }));
  const metric = typeof condition['metric'] === 'string' ? condition['metric'] : null;
  const references: RuleReference[] = [];
  if (kind === 'threshold') {
    for (const key of ['raise', 'clear'] as const) {
      const value = condition[key];
      if (typeof value === 'number') references.push({ metric, key, value });
    }
  }
  const description = typeof rule?.['description'] === 'string' ? rule['description'] : null;
  return { description, kind, kindText: kind === null ? kindText : null, params, references };
}
