import { describe, expect, it } from 'vitest';
import { engineStateJson } from '../../../server/alerts/engine-state-json.ts';
import { createRuleEngine, createEngineState } from '../../../rules/index.ts';
import { rule, sensor } from '../rules/fixtures.ts';
import { MIN, T0 } from './fixtures.ts';

describe('engine state saved in slices', () => {
  const rules = [
    rule({ id: 'gust', condition: { kind: 'threshold', metric: 'g', direction: 'above', raise: 75 } }),
    rule({ id: 'rain', condition: { kind: 'accumulation', metric: 'rain_mm', window: '1h', raise: 20, clear: 10 } }),
    rule({ id: 'quiet', selector: { kinds: ['weather_station'] }, condition: { kind: 'no_data' } }),
  ];
  const engine = createRuleEngine(rules);
  const state = createEngineState();
  for (let i = 0; i < 500; i++) {
    const s = sensor(`ws-${i}`, { gatewayId: `gw-${i % 7}` });
    engine.evaluate(state, { sensorId: s.id, ts: T0 + i * 1000, metrics: { g: i % 97, rain_mm: (i % 5) / 2 } }, s, T0 + i * 1000);
  }
  engine.tick(state, T0 + 30 * MIN, []);

  it('is the same JSON as one JSON.stringify, so restore() takes it as it is', async () => {
    let yields = 0;
    const json = await engineStateJson(state, 0, async () => void yields++);
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(state)));
    expect(yields).toBeGreaterThan(3);
    expect(createRuleEngine(rules).restore(JSON.parse(json)).problems).toEqual([]);
  });

  it('leaves out a slot that ends while it is being written, and stays valid JSON', async () => {
    const copy = structuredClone(state);
    const json = await engineStateJson(copy, 0, async () => {
      const gust = copy.rules.gust?.sensors;
      if (gust !== undefined) for (const id of Object.keys(gust).slice(0, 3)) delete gust[id];
    });
    expect(() => JSON.parse(json) as unknown).not.toThrow();
  });
});
