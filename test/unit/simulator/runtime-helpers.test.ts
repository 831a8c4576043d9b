import { describe, expect, it } from 'vitest';
import { credentialsFrom, envKey } from '../../../sensors/simulator/publisher/gateway-credentials.ts';
import { resolveTimestampMode, SimClock } from '../../../sensors/simulator/runtime/sim-clock.ts';
import { durationOption, numberOption, parseCli, qosOption, speedOption, startOption } from '../../../sensors/simulator/cli/cli-options.ts';
import { progressLine, formatLocalTime } from '../../../sensors/simulator/cli/progress-line.ts';
import { LatencyHistogram } from '../../../sensors/simulator/load/latency-histogram.ts';
import { loadPayload, loadSensorIds, shareOf, targetOf } from '../../../sensors/simulator/load/load-plan.ts';
import { NativeReadingSchema } from '../../../server/contracts/telemetry.ts';
import { MS, formatOffset, parseDurationMs, parseOffsetMs, resolveScenarioTime } from '../../../sensors/simulator/time/relative-time.ts';

describe('scenario times', () => {
  it('parses offsets and durations', () => {
    expect(parseOffsetMs('+2h30m')).toBe(2.5 * MS.h);
    expect(parseOffsetMs('+1d')).toBe(MS.d);
    expect(parseOffsetMs('2h')).toBeNull();
    expect(parseDurationMs('90m')).toBe(90 * MS.m);
    expect(parseDurationMs('1.5h')).toBe(1.5 * MS.h);
    expect(parseDurationMs('soon')).toBeNull();
    expect(resolveScenarioTime('+1h', 1000)).toBe(1000 + MS.h);
    expect(resolveScenarioTime('2024-09-16T00:00:00+02:00', 0)).toBe(Date.parse('2024-09-15T22:00:00Z'));
    expect(formatOffset(26 * MS.h + 5 * MS.m)).toBe('+1d2h05m');
  });
});

describe('gateway credentials', () => {
  it('prefers per-gateway variables, then the shared template, and defaults the username to the gateway id', () => {
    const env = { SKOPIA_GATEWAY_GW_COAST_PASSWORD: 'coast', SKOPIA_SIM_PASSWORD: 'pw-{gateway}' };
    const resolve = credentialsFrom({}, env);
    expect(envKey('gw-coast')).toBe('GW_COAST');
    expect(resolve('gw-coast')).toEqual({ username: 'gw-coast', password: 'coast' });
    expect(resolve('gw-odra')).toEqual({ username: 'gw-odra', password: 'pw-gw-odra' });
    expect(credentialsFrom({ username: 'sim-{gateway}', password: 'x' }, {})('gw-a')).toEqual({ username: 'sim-gw-a', password: 'x' });
    expect(credentialsFrom({}, {})('gw-a')).toEqual({});
  });
});

describe('simulated clock', () => {
  it('runs at the speed-up and maps simulated times back to the wall clock', () => {
    let wall = 1_000;
    const clock = new SimClock(50_000, 60, () => wall);
    wall += 1_000;
    expect(clock.simNow()).toBe(110_000);
    expect(clock.wallTimeOf(170_000)).toBe(3_000);
    expect(clock.wallDelayUntil(170_000)).toBe(1_000);
    expect(new SimClock(0, Infinity, () => wall).wallDelayUntil(10 ** 12)).toBe(0);
  });

  it('stamps messages with wall time only when simulated time would run ahead of it', () => {
    const now = Date.parse('2025-06-01T12:00:00Z');
    const past = Date.parse('2024-09-16T00:00:00Z');
    expect(resolveTimestampMode('auto', past, past + 40 * MS.h, 720, now)).toBe('simulated');
    expect(resolveTimestampMode('auto', now, null, 1, now)).toBe('simulated');
    expect(resolveTimestampMode('auto', now - MS.h, now + MS.h, 60, now)).toBe('wall');
    expect(resolveTimestampMode('auto', now, null, 60, now)).toBe('wall');
    expect(resolveTimestampMode('simulated', now, null, 60, now)).toBe('simulated');
  });
});

describe('command line', () => {
  it('parses the documented flags and explains bad values', () => {
    const { values, positionals } = parseCli(['odra-flood', '--speed', '60', '--seed', '7', '--broker', 'mqtt://h:1883', '--dry-run']);
    expect(positionals).toEqual(['odra-flood']);
    expect(values.speed).toBe('60');
    expect(values['dry-run']).toBe(true);
    expect(speedOption('max')).toBe(Infinity);
    expect(() => speedOption('fast')).toThrow('--speed fast: expected a number of at least 0.001');
    expect(() => numberOption('seed', '1.5', { min: 0, integer: true })).toThrow('--seed 1.5: expected a whole number');
    expect(qosOption('0')).toBe(0);
    expect(() => qosOption('3')).toThrow('--qos 3');
    expect(startOption('now')).toBe('now');
    expect(() => startOption('yesterday')).toThrow('--start yesterday');
    expect(durationOption('0')).toBeNull();
    expect(durationOption('6h')).toBe(6 * MS.h);
    expect(() => parseCli(['--nope'])).toThrow(/nope/);
  });

  it('shows one progress line', () => {
    const start = Date.parse('2024-09-15T22:00:00Z');
    const line = progressLine(
      {
        scenario: 'odra-flood',
        region: 'siechnice',
        startMs: start,
        endMs: start + 40 * MS.h,
        simTimeMs: start + 10 * MS.h,
        speed: 720,
        timestamps: 'simulated',
        readings: 120,
        lost: 0,
        catchUpBatches: 0,
        messages: { sent: 120, acknowledged: 118, failed: 0 },
        inFlight: 2,
        gatewaysDown: ['gw-odra'],
        wallElapsedMs: 50_000,
        finished: false,
      },
      'Europe/Warsaw',
      2.44,
    );
    expect(line).toBe('odra-flood · 2024-09-16 10:00 (+10h00m / 1d16h00m, 25%) · 120 sent, 118 acked · 2.4 msg/s · down: gw-odra');
    expect(formatLocalTime(start, 'Europe/Athens')).toBe('2024-09-16 01:00');
  });
});

describe('benchmark load plan', () => {
  it('splits exact counts over processes and spreads readings evenly over sensors', () => {
    expect([0, 1, 2].map((i) => shareOf(10, 3, i))).toEqual([4, 3, 3]);
    const targets = loadSensorIds(4).map((sensorId) => ({ gatewayId: 'gw-load', sensorId }));
    expect(targets[0]?.sensorId).toBe('load-0001');
    const hits = new Map<string, number>();
    for (let p = 0; p < 3; p++) {
      for (let k = 0; k < shareOf(12, 3, p); k++) {
        const id = targetOf({ processes: 3 }, targets, p, k).sensorId;
        hits.set(id, (hits.get(id) ?? 0) + 1);
      }
    }
    expect([...hits.values()]).toEqual([3, 3, 3, 3]);
    const reading = NativeReadingSchema.parse(JSON.parse(loadPayload(5, Date.now())));
    expect(Object.keys(reading.metrics)).toHaveLength(3);
  });

  it('computes latency percentiles', () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 100; i++) h.record(i);
    expect(h.percentile(0.5)).toBeCloseTo(50.1, 5);
    expect(h.percentile(0.99)).toBeCloseTo(99.1, 5);
    const other = new LatencyHistogram();
    other.addPairs(h.toPairs());
    expect(other.count).toBe(100);
  });
});
