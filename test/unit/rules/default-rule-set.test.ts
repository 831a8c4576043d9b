import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadRuleSet } from '../../../rules/engine/load-rule-set.ts';
import { inspectEngineState } from '../../../rules/engine/inspect.ts';
import { fixedUtcOffset } from '../../../rules/engine/local-time.ts';
import type { AlertTransition, RuleSensor } from '../../../rules/engine/types.ts';
import { Harness, MIN, T0 } from './fixtures.ts';

const loaded = loadRuleSet(readFileSync(new URL('../../../rules/sets/default.json', import.meta.url), 'utf8'));
if (!loaded.ok) throw new Error('default rule set does not load');
const rules = loaded.rules;
const polygyros = JSON.parse(readFileSync(new URL('../../../data/regions/polygyros/sensors.json', import.meta.url), 'utf8')) as {
  sensors: RuleSensor[];
};
const sensors = polygyros.sensors;

function byId(id: string): RuleSensor {
  const s = sensors.find((x) => x.id === id);
  if (s === undefined) throw new Error(`no sensor ${id} in the Polygyros region file`);
  return s;
}

function who(ts: readonly AlertTransition[]): string[] {
  return ts.map((t) => `${t.ruleId} ${t.kind} ${t.subject.type}:${t.subject.id} ${t.severity}/${t.certainty}`);
}

describe('the default rule set on the Polygyros registry', () => {
  it('is quiet on a calm day of normal traffic', () => {
    const h = new Harness(rules, { localTime: fixedUtcOffset(180) });
    const out: AlertTransition[] = [];
    for (let m = 0; m < 6 * 60; m++) {
      const now = T0 + m * MIN;
      for (const s of sensors) {
        if ((m * 60) % s.expectedIntervalS !== 0) continue;
        const metrics: Record<string, number> =
          s.kind === 'weather_station'
            ? // Real weather moves a little (a station repeating one value for hours is stuck: sensor-stuck).
              { air_temperature_c: 24 + (m % 7) / 10, relative_humidity_pct: 55 - (m % 5), wind_speed_kmh: 12, wind_gust_kmh: 20, rain_mm: 0, battery_pct: 90 }
            : s.kind === 'water_level_gauge'
              ? { water_level_cm: (s.levels?.warningLevelCm ?? 100) / 2, battery_pct: 90 }
              : { smoke: 0, co_ppm: 0.3, h2_ppm: 0.5, voc_index: 100, battery_pct: 90 };
        out.push(...h.feed(s, now, metrics));
      }
      out.push(...h.tick(now, sensors));
    }
    expect(who(out)).toEqual([]);
  });

  it('flood at the Polygyros torrent: rapid rise, then above warning, then alarm', () => {
    const h = new Harness(rules);
    const torrent = byId('wl-polygyros-torrent');
    const out: AlertTransition[] = [];
    for (let m = 0; m <= 240; m += 2) out.push(...h.feed(torrent, T0 + m * MIN, { water_level_cm: 80 + m * 0.5 }));
    const raises = who(out.filter((t) => t.kind === 'raise'));
    expect(raises).toEqual([
      'flood-rapid-rise raise gauge:wl-polygyros-torrent Moderate/Likely',
      'flood-gauge-levels raise gauge:wl-polygyros-torrent Moderate/Observed',
    ]);
    const levelSeverities = out.filter((t) => t.ruleId === 'flood-gauge-levels').map((t) => t.severity);
    expect(levelSeverities.filter((sev, i) => sev !== levelSeverities[i - 1])).toEqual(['Moderate', 'Severe']);
    const live = inspectEngineState(h.state, rules).find((r) => r.ruleId === 'flood-gauge-levels');
    expect(live?.active).toEqual([expect.objectContaining({ severity: 'Severe', peak: 200 })]);
  });

  it('fire: one sensor is Possible and private; a second one nearby makes it Extreme, Observed and public', () => {
    const h = new Harness(rules);
    // fs-cholomontas-07 and -10 are 1.50 km apart in the region file; most neighbours are 1.54 km apart.
    const first = byId('fs-cholomontas-07');
    const second = byId('fs-cholomontas-10');
    const one = h.feed(first, T0, { smoke: 1, co_ppm: 25 });
    expect(who(one)).toEqual(['fire-sensor-detection raise sensor:fs-cholomontas-07 Severe/Possible']);
    expect(one[0]?.public).toBe(false);
    const two = h.feed(second, T0 + 3 * MIN, { smoke: 0, co_ppm: 14 });
    expect(who(two)).toEqual([
      'fire-sensor-detection raise sensor:fs-cholomontas-10 Severe/Possible',
      'fire-detection-corroborated raise village:taxiarchis Extreme/Observed',
    ]);
    expect(two[1]?.public).toBe(true);
    expect(two[1]?.machineTypes).toEqual(['water_tanker', 'bulldozer', 'grader']);
  });
});
