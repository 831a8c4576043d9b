import { describe, expect, it } from 'vitest';
import { Harness, MIN, T0, brief, rule, sensor } from './fixtures.ts';
import { haversineKm } from '../../../rules/engine/haversine.ts';
import type { AlertTransition, RuleSensor } from '../../../rules/engine/types.ts';

const signal = { smoke: true, coPpm: 10, h2Ppm: 5 };
const single = rule({
  id: 'fire-single',
  hazard: 'fire',
  severity: 'Severe',
  certainty: 'Possible',
  selector: { kinds: ['fire_sensor'] },
  condition: { kind: 'fire_detection', signal },
  lifecycle: { clearDwell: '30m' },
});
const corroborated = rule({
  id: 'fire-corroborated',
  hazard: 'fire',
  severity: 'Extreme',
  certainty: 'Observed',
  selector: { kinds: ['fire_sensor'] },
  condition: { kind: 'fire_correlation', signal, minSensors: 2, radiusKm: 1.5, window: '15m' },
  lifecycle: { clearDwell: '10m' },
});

// Fire sensors in the Cholomontas forest: a and b 0.9 km apart, c 4 km away, d in another village 1 km from b.
const fs = (id: string, lat: number, lon: number, villageId = 'taxiarchis'): RuleSensor =>
  sensor(id, { kind: 'fire_sensor', lat, lon, villageId, gatewayId: 'gw-forest', expectedIntervalS: 600 });
const a = fs('fs-a', 40.436, 23.507);
const b = fs('fs-b', 40.444, 23.507);
const c = fs('fs-c', 40.472, 23.507);
const d = fs('fs-d', 40.453, 23.507, 'neochori');
const smoke = { smoke: 1, co_ppm: 3 };
const clean = { smoke: 0, co_ppm: 0.4 };

function who(ts: readonly AlertTransition[]): string[] {
  return ts.map((t) => `${t.ruleId} ${t.kind} ${t.severity}/${t.certainty}`);
}

describe('fire detection: one sensor alone', () => {
  it.each([
    { metrics: { smoke: 1 }, fires: true },
    { metrics: { smoke: 0, co_ppm: 12 }, fires: true },
    { metrics: { smoke: 0, co_ppm: 9, h2_ppm: 5 }, fires: true },
    { metrics: { smoke: 0, co_ppm: 9, h2_ppm: 4 }, fires: false },
    { metrics: { voc_index: 500 }, fires: false },
  ])('$metrics → fires $fires', ({ metrics, fires }) => {
    const h = new Harness([single]);
    expect(brief(h.feed(a, T0, metrics))).toEqual(fires ? ['raise Severe'] : []);
  });

  it('is a possible false alarm: Severe but Possible, and nothing corroborated', () => {
    const h = new Harness([single, corroborated]);
    const out = h.feed(a, T0, smoke);
    expect(who(out)).toEqual(['fire-single raise Severe/Possible']);
    expect(out[0]?.message).toBe('Fire sensor fs-a detects smoke flag; one sensor alone may be a false alarm.');
    expect(out[0]?.machineTypes).toEqual(['water_tanker', 'bulldozer', 'grader']);
  });

  it('a far sensor does not corroborate', () => {
    expect(haversineKm(a.lat, a.lon, c.lat, c.lon)).toBeGreaterThan(1.5);
    const h = new Harness([single, corroborated]);
    h.feed(a, T0, smoke);
    expect(who(h.feed(c, T0 + MIN, smoke))).toEqual(['fire-single raise Severe/Possible']);
  });

  it('a detection older than the window does not corroborate', () => {
    const h = new Harness([corroborated]);
    h.feed(a, T0, smoke);
    expect(h.feed(b, T0 + 16 * MIN, smoke)).toEqual([]);
  });
});

describe('fire correlation: nearby sensors corroborate', () => {
  it('two sensors within 1.5 km within 15 min raise one Extreme/Observed alert for the village', () => {
    const h = new Harness([single, corroborated]);
    h.feed(a, T0, smoke);
    const out = h.feed(b, T0 + 5 * MIN, smoke);
    expect(who(out)).toEqual(['fire-single raise Severe/Possible', 'fire-corroborated raise Extreme/Observed']);
    const alert = out[1];
    expect(alert?.subject).toEqual({ type: 'village', id: 'taxiarchis' });
    expect(alert?.sensorIds).toEqual(['fs-a', 'fs-b']);
    expect(alert?.message).toBe('2 fire sensors within 1.5 km detected smoke or gas within 15 min: fs-a, fs-b.');
  });

  it('a third sensor joining grows the same alert, even from another village', () => {
    const h = new Harness([corroborated]);
    h.feed(a, T0, smoke);
    h.feed(b, T0 + 2 * MIN, smoke);
    const out = h.feed(d, T0 + 4 * MIN, smoke);
    expect(who(out)).toEqual(['fire-corroborated update Extreme/Observed']);
    expect(out[0]?.subject.id).toBe('taxiarchis');
    expect(out[0]?.sensorIds).toEqual(['fs-a', 'fs-b', 'fs-d']);
    expect(out[0]?.peak).toBe(3);
  });

  it('repeated detections of the same two sensors do not raise again', () => {
    const h = new Harness([corroborated]);
    h.feed(a, T0, smoke);
    h.feed(b, T0 + MIN, smoke);
    expect(h.feed(a, T0 + 2 * MIN, smoke)).toEqual([]);
    expect(h.feed(b, T0 + 3 * MIN, clean)).toEqual([]);
  });

  it('clears on the tick once the detections are older than the window, after the clear dwell', () => {
    const h = new Harness([corroborated]);
    h.feed(a, T0, smoke);
    h.feed(b, T0 + MIN, smoke);
    expect(h.tick(T0 + 10 * MIN, [a, b])).toEqual([]);
    expect(h.tick(T0 + 17 * MIN, [a, b])).toEqual([]);
    const out = h.tick(T0 + 27 * MIN, [a, b]);
    expect(brief(out)).toEqual(['clear Extreme']);
    expect(out[0]?.message).toMatch(/no longer corroborated/);
    // The grid forgets old detections: state stays small.
    expect(Object.keys((h.state.rules['fire-corroborated']?.shared as { detections: object }).detections)).toEqual([]);
  });
});
