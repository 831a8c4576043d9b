import { describe, expect, it } from 'vitest';
import {
  createRetentionPolicy,
  historyStatement,
  latestStatements,
  quoteIdentifier,
  quoteString,
  rangeStatement,
  RETENTION_DURATION,
  timeBound,
} from '../../../server/telemetry/influxql.ts';

describe('InfluxQL quoting', () => {
  it.each([
    ['plain', 'water_level_cm', '"water_level_cm"'],
    ['double quote', 'a"b', '"a\\"b"'],
    ['backslash', 'a\\b', '"a\\\\b"'],
    ['single quote stays', "a'b", `"a'b"`],
  ])('quotes identifiers: %s', (_, input, expected) => {
    expect(quoteIdentifier(input)).toBe(expected);
  });

  it.each([
    ['plain', 'ws-01', "'ws-01'"],
    ['single quote', "o'brien", "'o\\'brien'"],
    ['backslash', 'a\\b', "'a\\\\b'"],
    ['injection attempt', "x' OR '1'='1", "'x\\' OR \\'1\\'=\\'1'"],
  ])('quotes string literals: %s', (_, input, expected) => {
    expect(quoteString(input)).toBe(expected);
  });
});

describe('time bounds', () => {
  it('round fractional bounds up, since stored times are whole milliseconds', () => {
    expect(timeBound(1000)).toBe('1000ms');
    expect(timeBound(1000.2)).toBe('1001ms');
  });

  it('clamp to the range InfluxDB can represent', () => {
    expect(timeBound(Number.MAX_SAFE_INTEGER)).toBe('9223372036853ms');
    expect(timeBound(-Number.MAX_SAFE_INTEGER)).toBe('-9223372036853ms');
  });
});

describe('statements', () => {
  it('asks for history buckets with fill(none), filtered on the sensor tag', () => {
    expect(historyStatement('skopia_rp', { sensorId: 'wl-01', metric: 'water_level_cm', from: 1000, to: 61000, maxPoints: 10 }, 6000)).toBe(
      'SELECT min("water_level_cm"::field), mean("water_level_cm"::field), max("water_level_cm"::field), count("water_level_cm"::field)' +
        ` FROM "skopia_rp"."telemetry" WHERE "sensor"::tag = 'wl-01' AND time >= 1000ms AND time < 61000ms GROUP BY time(6000ms) fill(none)`,
    );
  });

  it('asks for raw points oldest first with a limit', () => {
    expect(rangeStatement('rp', "o'b", 'm', 0, 10, 5.7)).toBe(
      `SELECT "m"::field FROM "rp"."telemetry" WHERE "sensor"::tag = 'o\\'b' AND time >= 0ms AND time < 10ms ORDER BY time ASC LIMIT 5`,
    );
  });

  it('asks for the newest value with one last() per metric, so each comes with its own time', () => {
    expect(latestStatements('rp', ['a', 'b'], ['s1', 's2'])).toBe(
      `SELECT last("a"::field) FROM "rp"."telemetry" WHERE ("sensor"::tag = 's1' OR "sensor"::tag = 's2') GROUP BY "sensor"; ` +
        `SELECT last("b"::field) FROM "rp"."telemetry" WHERE ("sensor"::tag = 's1' OR "sensor"::tag = 's2') GROUP BY "sensor"`,
    );
    expect(latestStatements('rp', ['a'])).toBe('SELECT last("a"::field) FROM "rp"."telemetry" GROUP BY "sensor"');
  });

  it('creates the retention policy as the default, refusing a duration that is not InfluxQL', () => {
    expect(createRetentionPolicy('skopia', 'skopia_rp', 'INF')).toBe(
      'CREATE RETENTION POLICY "skopia_rp" ON "skopia" DURATION INF REPLICATION 1 DEFAULT',
    );
    expect(() => createRetentionPolicy('db', 'rp', '1 year')).toThrow(RangeError);
  });

  it.each(['INF', '0s', '52w', '400d', '720h', '1h30m'])('accepts the retention duration %s', (d) => {
    expect(RETENTION_DURATION.test(d)).toBe(true);
  });

  it.each(['', '1 year', '52', 'w52', '5y'])('refuses the retention duration %j', (d) => {
    expect(RETENTION_DURATION.test(d)).toBe(false);
  });
});
