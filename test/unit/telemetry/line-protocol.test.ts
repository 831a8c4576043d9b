import { describe, expect, it } from 'vitest';
import type { Reading } from '../../../server/contracts/telemetry.ts';
import { encodeReading, escapeKey, escapeMeasurement, formatFloat, LineProtocolError } from '../../../server/telemetry/line-protocol.ts';

const T0 = 1_704_067_200_000;

function reading(sensorId: string, metrics: Record<string, number>, ts = T0): Reading {
  return { sensorId, ts, metrics, receivedAt: ts, source: 'native' };
}

describe('line protocol escaping', () => {
  it.each([
    ['plain', 'ws-01.north_2', 'ws-01.north_2'],
    ['space', 'a b', 'a\\ b'],
    ['comma', 'a,b', 'a\\,b'],
    ['equals sign', 'a=b', 'a\\=b'],
    ['all three', ' ,=', '\\ \\,\\='],
    ['quotes stay as they are', `o'brien"x"`, `o'brien"x"`],
    ['inner backslash stays', 'a\\b', 'a\\b'],
    ['unicode', 'Πολύγυρος', 'Πολύγυρος'],
  ])('escapes keys and tag values: %s', (_, input, expected) => {
    expect(escapeKey(input)).toBe(expected);
  });

  it('escapes commas and spaces in measurements but not equals signs', () => {
    expect(escapeMeasurement('a b,c=d')).toBe('a\\ b\\,c=d');
  });

  it.each([
    ['empty', ''],
    ['newline', 'a\nb'],
    ['carriage return', 'a\rb'],
    ['trailing backslash', 'a\\'],
  ])('refuses what line protocol cannot carry: %s', (_, input) => {
    expect(() => escapeKey(input)).toThrow(LineProtocolError);
  });
});

describe('float formatting', () => {
  it.each([
    [1, '1'],
    [-2.5, '-2.5'],
    [0.1, '0.1'],
    [-0, '0'],
    [1e21, '1e+21'],
    [1e-7, '1e-7'],
    [123456789.123, '123456789.123'],
  ])('writes %d as %s (a float field: never an `i` suffix)', (value, expected) => {
    expect(formatFloat(value)).toBe(expected);
  });
});

describe('encodeReading', () => {
  it('writes one line: measurement, sensor tag, one float field per metric, ms timestamp', () => {
    expect(encodeReading(reading('ws-01', { air_temperature_c: 21.5, relative_humidity_pct: 40 }))).toEqual({
      line: `telemetry,sensor=ws-01 air_temperature_c=21.5,relative_humidity_pct=40 ${T0}`,
      dropped: [],
    });
  });

  it('escapes the sensor id and metric names', () => {
    expect(encodeReading(reading('a b,c=d', { 'x y': 1 })).line).toBe(`telemetry,sensor=a\\ b\\,c\\=d x\\ y=1 ${T0}`);
  });

  it('cuts sub-millisecond parts of the timestamp', () => {
    expect(encodeReading(reading('s', { v: 1 }, T0 + 0.999)).line).toBe(`telemetry,sensor=s v=1 ${T0}`);
  });

  it('leaves out values that are not finite and the field InfluxDB forbids, saying why', () => {
    const encoded = encodeReading(reading('s', { a: Number.NaN, b: Number.NEGATIVE_INFINITY, time: 3, c: 2, 'bad\n': 1 }));
    expect(encoded.line).toBe(`telemetry,sensor=s c=2 ${T0}`);
    expect(encoded.dropped.map((d) => d.metric)).toEqual(['a', 'b', 'time', 'bad\n']);
    expect(encoded.dropped[0]?.reason).toMatch(/not a finite number/);
    expect(encoded.dropped[2]?.reason).toMatch(/does not accept a field named "time"/);
  });

  it('gives no line when nothing can be written', () => {
    expect(encodeReading(reading('s', { a: Number.NaN }))).toMatchObject({ line: null });
  });

  it('throws for a sensor id that cannot be a tag value', () => {
    expect(() => encodeReading(reading('bad\nid', { a: 1 }))).toThrow(expect.objectContaining({ code: 'line_protocol_invalid' }) as Error);
  });
});
