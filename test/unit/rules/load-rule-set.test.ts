import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadRuleSet, loadRuleSets } from '../../../rules/engine/load-rule-set.ts';

const DEFAULT_SET = new URL('../../../rules/sets/default.json', import.meta.url);

const validRule = {
  id: 'gusts',
  name: 'Gusts',
  hazard: 'storm',
  severity: 'Moderate',
  urgency: 'Immediate',
  certainty: 'Observed',
  selector: { kinds: ['weather_station'] },
  condition: { kind: 'threshold', metric: 'wind_gust_kmh', direction: 'above', raise: 75, clear: 60 },
};

function withRule(over: Record<string, unknown>): unknown {
  return { version: 1, rules: [validRule, { ...validRule, id: 'second', ...over }] };
}

describe('loading a rule set', () => {
  it('loads the default set with every rule valid', () => {
    const loaded = loadRuleSet(readFileSync(DEFAULT_SET, 'utf8'), 'rules/sets/default.json');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors, null, 2));
    expect(loaded.rules.map((r) => r.id)).toEqual([
      'flood-gauge-levels',
      'flood-rapid-rise',
      'heavy-rain',
      'fire-danger-fwi',
      'fire-weather-30-30-30',
      'fire-sensor-detection',
      'fire-detection-corroborated',
      'strong-wind',
      'sensor-offline',
      'gauge-implausible-jump',
      'sensor-stuck',
      'low-battery',
    ]);
  });

  it('applies defaults and turns durations into seconds', () => {
    const loaded = loadRuleSet({ version: 1, rules: [{ ...validRule, lifecycle: { for: '15m', clearDwell: 90 } }] });
    expect(loaded.ok && loaded.rules[0]).toMatchObject({
      public: false,
      enabled: true,
      description: '',
      lifecycle: { for: 900, clearDwell: 90, deescalateDwell: 0, peakStep: 0 },
    });
  });

  it.each([
    {
      name: 'a clear level on the wrong side',
      doc: withRule({ condition: { ...validRule.condition, clear: 80 } }),
      path: 'rules[1].condition.clear',
      reason: /clear level must be at or below/,
    },
    {
      name: 'an unknown condition kind',
      doc: withRule({ condition: { kind: 'vibes' } }),
      path: 'rules[1].condition.kind',
      reason: /./,
    },
    {
      name: 'a CAP severity outside the vocabulary',
      doc: withRule({ severity: 'Catastrophic' }),
      path: 'rules[1].severity',
      reason: /Minor|Moderate|Severe|Extreme/,
    },
    {
      name: 'an unknown sensor kind in the selector',
      doc: withRule({ selector: { kinds: ['seismometer'] } }),
      path: 'rules[1].selector.kinds[0]',
      reason: /./,
    },
    {
      name: 'an empty selector',
      doc: withRule({ selector: {} }),
      path: 'rules[1].selector',
      reason: /at least one of kinds, sensorIds or villageIds/,
    },
    {
      name: 'a malformed duration',
      doc: withRule({ lifecycle: { for: '10 minutes' } }),
      path: 'rules[1].lifecycle.for',
      reason: /"15m"/,
    },
    {
      name: 'an unknown field (a typo)',
      doc: withRule({ severty: 'Minor' }),
      path: 'rules[1]',
      reason: /severty/,
    },
    {
      name: 'a duplicate id',
      doc: withRule({ id: 'gusts' }),
      path: 'rules[1].id',
      reason: /duplicate rule id "gusts" \(first at rules\[0\]\)/,
    },
    {
      name: '`for` on a correlation rule',
      doc: withRule({ condition: { kind: 'fire_correlation', signal: { smoke: true }, radiusKm: 1, window: '15m' }, lifecycle: { for: '5m' } }),
      path: 'rules[1].lifecycle.for',
      reason: /"for" must be 0/,
    },
    {
      name: 'FWI severities going down as danger goes up',
      doc: withRule({ condition: { kind: 'fire_weather_index', severities: { high: 'Severe', extreme: 'Moderate' } } }),
      path: 'rules[1].condition.severities.extreme',
      reason: /must not have a lower severity/,
    },
    { name: 'a wrong format version', doc: { version: 2, rules: [] }, path: 'version', reason: /./ },
  ])('rejects $name, naming the path', ({ doc, path, reason }) => {
    const loaded = loadRuleSet(doc, 'rules/sets/local.json');
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    const problem = loaded.errors.find((e) => e.path === path);
    expect(problem, JSON.stringify(loaded.errors)).toBeDefined();
    expect(problem?.reason).toMatch(reason);
    expect(problem?.file).toBe('rules/sets/local.json');
    if (path.startsWith('rules[1]')) expect(problem?.ruleId).toBe(path === 'rules[1].id' ? 'gusts' : 'second');
  });

  it('reports bad JSON with the parser message', () => {
    const loaded = loadRuleSet('{ "version": 1, "rules": [ }', 'broken.json');
    expect(loaded).toEqual({
      ok: false,
      errors: [{ file: 'broken.json', path: '(document)', reason: expect.stringMatching(/^not valid JSON: /) as unknown }],
    });
  });

  it('merges several files and rejects an id used in two of them, naming both', () => {
    const a = { version: 1, rules: [validRule] };
    const b = { version: 1, rules: [{ ...validRule, name: 'Gusts again' }] };
    const loaded = loadRuleSets([{ file: 'a.json', content: a }, { file: 'b.json', content: JSON.stringify(b) }]);
    expect(loaded).toEqual({
      ok: false,
      errors: [{ file: 'b.json', path: 'rules[0].id', ruleId: 'gusts', reason: 'duplicate rule id "gusts" (already in a.json)' }],
    });
    const ok = loadRuleSets([{ file: 'a.json', content: a }, { file: 'c.json', content: { version: 1, rules: [{ ...validRule, id: 'other' }] } }]);
    expect(ok.ok && ok.rules.map((r) => r.id)).toEqual(['gusts', 'other']);
  });
});
