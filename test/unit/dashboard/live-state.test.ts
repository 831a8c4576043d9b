import { describe, expect, it } from 'vitest';
import { checkSequence, liveSocketUrl, parseServerMessage, reconnectDelayMs } from '../../../dashboard/src/lib/api/live-protocol.ts';
import { SensorStore } from '../../../dashboard/src/lib/managers/sensor-store.ts';
import { SensorFeatureTracker } from '../../../dashboard/src/lib/map/sensor-features.ts';
import type { HealthState, SensorView } from '../../../server/contracts/live.ts';

function view(id: string, state: HealthState, extra: Partial<SensorView> = {}): SensorView {
  return {
    id,
    kind: 'weather_station',
    name: id,
    lat: 40.4,
    lon: 23.4,
    villageId: 'v',
    gatewayId: 'g',
    expectedIntervalS: 60,
    metrics: {},
    metricsTs: null,
    health: { state, lastSeen: state === 'unknown' ? null : 1000, ratePerMin: 1, batteryPct: null, rssiDbm: null },
    alertSeverity: null,
    ...extra,
  };
}

describe('live protocol', () => {
  it.each([
    [{ protocol: 'http:', host: 'ops:8080' }, 'ws://ops:8080/ws'],
    [{ protocol: 'https:', host: 'ops.example' }, 'wss://ops.example/ws'],
  ])('socket URL for %j', (location, url) => {
    expect(liveSocketUrl(location)).toBe(url);
  });

  it.each([
    ['not json', null],
    ['[]', null],
    ['{"type":"sensor"}', null],
    ['{"type":"sensor","seq":1.5}', null],
    ['{"type":"heartbeat","seq":3,"serverTime":1}', { type: 'heartbeat', seq: 3, serverTime: 1 }],
  ])('parses %s', (text, expected) => {
    expect(parseServerMessage(text)).toEqual(expected);
  });

  it.each([
    [null, { type: 'snapshot', seq: 0 }, { ok: true, nextExpected: 1 }],
    [null, { type: 'sensor', seq: 1 }, { ok: false, reason: 'delta-before-snapshot' }],
    [1, { type: 'sensor', seq: 1 }, { ok: true, nextExpected: 2 }],
    [1, { type: 'heartbeat', seq: 1 }, { ok: true, nextExpected: 2 }],
    [2, { type: 'sensor', seq: 4 }, { ok: false, reason: 'gap' }],
    [5, { type: 'snapshot', seq: 0 }, { ok: true, nextExpected: 1 }],
  ] as const)('expected %s, got %j', (expected, message, verdict) => {
    expect(checkSequence(expected, message)).toEqual(verdict);
  });

  it('backs off exponentially with jitter, capped', () => {
    const opts = { initialMs: 500, maxMs: 10_000 };
    expect([0, 1, 2, 3, 10].map((a) => reconnectDelayMs(a, opts, () => 1))).toEqual([500, 1000, 2000, 4000, 10_000]);
    expect(reconnectDelayMs(2, opts, () => 0)).toBe(1000);
  });
});

describe('SensorStore', () => {
  it('collapses several updates of one sensor into the last and keeps counts by status', () => {
    const store = new SensorStore();
    store.replaceAll([view('a', 'online'), view('b', 'unknown'), view('c', 'stale')]);
    expect(store.drain()).toMatchObject({ kind: 'snapshot' });
    expect(store.counts).toEqual({ alerting: 0, online: 1, stale: 1, offline: 0, unknown: 1 });
    store.upsert(view('b', 'online'));
    store.upsert(view('b', 'offline'));
    store.upsert(view('a', 'online', { alertSeverity: 'Severe' }));
    const changes = store.drain();
    expect(changes.kind === 'sensors' && changes.changed.map((s) => [s.id, s.health.state])).toEqual([
      ['b', 'offline'],
      ['a', 'online'],
    ]);
    expect(store.counts).toEqual({ alerting: 1, online: 0, stale: 1, offline: 1, unknown: 0 });
    expect(store.drain()).toEqual({ kind: 'none' });
  });

  it('tracks the newest data time across sensors', () => {
    const store = new SensorStore();
    store.replaceAll([view('a', 'online', { health: { state: 'online', lastSeen: 5000, ratePerMin: 1, batteryPct: null, rssiDbm: null } })]);
    store.upsert(view('b', 'online', { health: { state: 'online', lastSeen: 9000, ratePerMin: 1, batteryPct: null, rssiDbm: null } }));
    expect(store.newestDataAt).toBe(9000);
  });
});

describe('SensorFeatureTracker', () => {
  it('touches the map only when a sensor looks different', () => {
    const tracker = new SensorFeatureTracker();
    expect(tracker.reset([view('a', 'online')]).features).toHaveLength(1);
    expect(tracker.diff([view('a', 'online', { metrics: { air_temperature_c: 30 } })])).toBeNull();
    const diff = tracker.diff([view('a', 'stale'), view('new', 'online')]);
    expect(diff?.add?.map((f) => (f.properties as { id: string }).id)).toEqual(['new']);
    expect(diff?.update?.[0]?.addOrUpdateProperties).toContainEqual({ key: 'status', value: 'stale' });
    expect(tracker.diff([view('a', 'stale')])).toBeNull();
  });
});
