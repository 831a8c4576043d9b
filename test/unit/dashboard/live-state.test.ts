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
  it('touches the map only when a sensor looks different, and a new look is a feature-state', () => {
    const tracker = new SensorFeatureTracker();
    expect(tracker.reset([view('a', 'online')]).cluster.features).toHaveLength(1);
    tracker.apply([view('a', 'online', { metrics: { air_temperature_c: 30 } })]);
    expect(tracker.takeStatusChanges().size).toBe(0);
    expect(tracker.cluster.take()).toBeNull();

    tracker.apply([view('a', 'stale'), view('new', 'online')]);
    expect([...tracker.takeStatusChanges()]).toEqual([['a', 'stale']]);
    // A new sensor must reach the map soon; a changed colour only needs its data refreshed some time.
    expect(tracker.takeUrgent()).toBe(true);
    const diff = tracker.cluster.take();
    expect(diff?.add?.map((f) => (f.properties as { id: string }).id)).toEqual(['new']);
    expect(diff?.update?.[0]?.addOrUpdateProperties).toContainEqual({ key: 'status', value: 'stale' });

    tracker.apply([view('a', 'offline')]);
    expect(tracker.takeUrgent()).toBe(false);
    tracker.apply([view('a', 'offline')]);
    expect(tracker.cluster.take()?.update).toHaveLength(1);
    expect(tracker.alerting.take()).toBeNull();
  });

  it('draws an alerting sensor from its own unclustered source as well, so it is never grouped away', () => {
    const tracker = new SensorFeatureTracker();
    const collections = tracker.reset([view('a', 'online'), view('b', 'online', { alertSeverity: 'Severe' })]);
    expect(collections.cluster.features.map((f) => f.properties.id)).toEqual(['a', 'b']);
    expect(collections.alerting.features.map((f) => f.properties.id)).toEqual(['b']);

    tracker.apply([view('a', 'online', { alertSeverity: 'Moderate' })]);
    expect(tracker.roleOf('a')).toBe('alerting');
    expect([...tracker.takeStatusChanges()]).toEqual([['a', 'alerting']]);
    expect(tracker.alerting.take()?.add?.map((f) => (f.properties as { id: string }).id)).toEqual(['a']);

    tracker.apply([view('b', 'online')]);
    expect(tracker.alerting.take()).toEqual({ remove: ['b'] });
    expect(tracker.roleOf('b')).toBe('cluster');
  });

  it('collapses many changes to one sensor between takes into its last state', () => {
    const tracker = new SensorFeatureTracker();
    tracker.reset([view('a', 'online')]);
    tracker.apply([view('a', 'stale')]);
    tracker.apply([view('a', 'offline')]);
    tracker.apply([view('z', 'online', { alertSeverity: 'Minor' })]);
    tracker.apply([view('z', 'online')]);
    expect([...tracker.takeStatusChanges()]).toEqual([
      ['a', 'offline'],
      ['z', 'online'],
    ]);
    const diff = tracker.cluster.take();
    expect(diff?.update).toHaveLength(1);
    expect(diff?.update?.[0]?.addOrUpdateProperties).toContainEqual({ key: 'status', value: 'offline' });
    expect(diff?.add).toHaveLength(1);
    // Added to the alerting source and gone again before it was ever sent: nothing to send there.
    expect(tracker.alerting.take()).toBeNull();
  });
});
