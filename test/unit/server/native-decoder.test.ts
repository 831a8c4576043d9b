import { describe, expect, it } from 'vitest';
import { decodeNativeTelemetry, fastParseNativeReading } from '../../../server/ingest/native-decoder.ts';
import { NativeReadingSchema } from '../../../server/contracts/telemetry.ts';
import type { Sensor } from '../../../server/contracts/registry.ts';

const NOW = Date.parse('2026-08-10T12:00:00Z');
const sensor: Sensor = {
  id: 'ws-1',
  kind: 'weather_station',
  name: 'Station',
  lat: 40.4,
  lon: 23.4,
  villageId: 'v',
  gatewayId: 'gw-1',
  expectedIntervalS: 60,
};
const ctx = { receivedAt: NOW, sensorOf: (id: string) => (id === 'ws-1' ? sensor : undefined) };
const decode = (payload: unknown, sensorId = 'ws-1', gatewayId = 'gw-1') =>
  decodeNativeTelemetry(gatewayId, sensorId, Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)), ctx);

describe('decodeNativeTelemetry: accepted', () => {
  it.each([
    ['RFC 3339 with Z', { ts: '2026-08-10T11:59:00Z', metrics: { air_temperature_c: 30 } }, NOW - 60_000],
    ['RFC 3339 with offset', { ts: '2026-08-10T14:59:00+03:00', metrics: { air_temperature_c: 30 } }, NOW - 60_000],
    ['RFC 3339 with nanoseconds', { ts: '2026-08-10T11:59:00.123456789Z', metrics: { air_temperature_c: 30 } }, NOW - 59_877],
    ['epoch ms', { ts: NOW - 5000, metrics: { air_temperature_c: 30 } }, NOW - 5000],
    ['no ts: receive time', { metrics: { air_temperature_c: 30 } }, NOW],
    ['late data, a day old', { ts: NOW - 86_400_000, metrics: { air_temperature_c: 30 } }, NOW - 86_400_000],
    ['4 minutes ahead (clock drift)', { ts: NOW + 240_000, metrics: { air_temperature_c: 30 } }, NOW + 240_000],
  ])('%s', (_name, payload, ts) => {
    const r = decode(payload);
    expect(r.rejections).toEqual([]);
    expect(r.readings).toEqual([{ sensorId: 'ws-1', ts, metrics: { air_temperature_c: 30 }, receivedAt: NOW, source: 'native' }]);
  });

  it('normalises booleans to 1/0 and puts battery among the metrics', () => {
    const r = decode({ metrics: { smoke: true, co_ppm: 3 }, battery: 55 });
    expect(r.readings[0]?.metrics).toEqual({ smoke: 1, co_ppm: 3, battery_pct: 55 });
  });

  it('accepts the good readings of a batch and rejects the bad one by index', () => {
    const r = decode({ readings: [{ metrics: { rain_mm: 1 } }, { metrics: { rain_mm: 'x' } }, { ts: NOW + 3_600_000, metrics: { rain_mm: 2 } }, { metrics: { rain_mm: 3 } }] });
    expect(r.readings.map((x) => x.metrics.rain_mm)).toEqual([1, 3]);
    expect(r.rejections.map((x) => [x.reason, x.index])).toEqual([
      ['invalid_payload', 1],
      ['future_timestamp', 2],
    ]);
    expect(r.rejections[0]?.message).toMatch(/^readings\.1: metrics\.rain_mm/);
  });
});

describe('decodeNativeTelemetry: rejected with a reason naming the field', () => {
  it.each([
    ['broken JSON', '{"metrics":', 'bad_json', /not JSON/],
    ['binary garbage', '\u0000\u00ff\u00fe', 'bad_json', /not JSON/],
    ['JSON but not an object', '42', 'invalid_payload', /payload/],
    ['null', 'null', 'invalid_payload', /payload/],
    ['no metrics', { ts: NOW }, 'invalid_payload', /metrics/],
    ['empty metrics', { metrics: {} }, 'invalid_payload', /metrics: at least one metric/],
    ['string value', { metrics: { air_temperature_c: '30' } }, 'invalid_payload', /metrics\.air_temperature_c/],
    ['null value', { metrics: { air_temperature_c: null } }, 'invalid_payload', /metrics\.air_temperature_c/],
    ['NaN as a string', '{"metrics":{"x":NaN}}', 'bad_json', /not JSON/],
    ['Infinity as a literal', '{"metrics":{"x":Infinity}}', 'bad_json', /not JSON/],
    ['huge number that parses to Infinity', '{"metrics":{"x":1e999}}', 'invalid_payload', /metrics\.x/],
    ['bad metric name', { metrics: { 'Air Temp': 3 } }, 'invalid_payload', /metrics\.Air Temp|metric names/],
    ['unknown field', { metrics: { x: 1 }, extra: 1 }, 'invalid_payload', /extra|Unrecognized/],
    ['bad ts string', { ts: 'yesterday', metrics: { x: 1 } }, 'invalid_payload', /ts/],
    ['ts in seconds, not ms', { ts: 1_786_000_000, metrics: { x: 1 } }, 'invalid_payload', /ts/],
    ['ts an hour ahead', { ts: NOW + 3_600_000, metrics: { x: 1 } }, 'future_timestamp', /ts: .* ahead/],
    ['battery over 100', { metrics: { x: 1 }, battery: 140 }, 'invalid_payload', /battery/],
    ['empty batch', { readings: [] }, 'invalid_payload', /readings/],
  ])('%s', (_name, payload, reason, message) => {
    const r = decode(payload);
    expect(r.readings).toEqual([]);
    expect(r.rejections).toHaveLength(1);
    expect(r.rejections[0]?.reason).toBe(reason);
    expect(r.rejections[0]?.message).toMatch(message);
  });

  it('rejects an unknown sensor and a sensor published under another gateway', () => {
    expect(decode({ metrics: { x: 1 } }, 'ws-404').rejections[0]?.reason).toBe('unknown_sensor');
    expect(decode({ metrics: { x: 1 } }, 'ws-1', 'gw-2').rejections[0]).toMatchObject({
      reason: 'wrong_gateway',
      message: expect.stringContaining('belongs to gateway "gw-1"') as unknown,
    });
  });
});

describe('the hand-written fast path agrees with the schema', () => {
  // Whatever the fast path accepts, the schema accepts; whatever the schema accepts with a numeric or
  // absent timestamp, the fast path accepts too (so the common case never pays for zod).
  it.each([
    [{ metrics: { a: 1, b: true } }],
    [{ ts: NOW, metrics: { a: -0.5 }, battery: 0 }],
    [{ ts: NOW, metrics: { a: 1 }, battery: 100 }],
    [{ ts: NOW, metrics: { a: 1 }, battery: 100.5 }],
    [{ ts: NOW, metrics: { a: 1 }, battery: null }],
    [{ ts: NOW - 0.5, metrics: { a: 1 } }],
    [{ ts: 10, metrics: { a: 1 } }],
    [{ ts: NOW, metrics: { A: 1 } }],
    [{ ts: NOW, metrics: { time: 1 } }],
    [{ ts: NOW, metrics: [] }],
    [{ ts: NOW, metrics: {} }],
    [{ ts: NOW, metrics: { a: [1] } }],
    [{ ts: NOW, metrics: { a: Infinity } }],
    [{ ts: NOW, metrics: Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`m${i}`, i])) }],
    [{ ts: NOW, metrics: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`m${i}`, i])) }],
    [{ ts: NOW, metrics: { a: 1 }, extra: 1 }],
    [[{ metrics: { a: 1 } }]],
    [null],
  ])('%j', (payload) => {
    const fast = fastParseNativeReading(payload);
    const schema = NativeReadingSchema.safeParse(payload).success;
    if (fast !== null) expect(schema).toBe(true);
    else expect(schema).toBe(false);
  });
});
