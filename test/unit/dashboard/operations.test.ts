import { describe, expect, it } from 'vitest';
import { csvProblemsOf, fieldProblemsOf, withQuery } from '../../../dashboard/src/lib/api/http.ts';
import { appModeFromUrl } from '../../../dashboard/src/lib/app-mode.ts';
import { niceExtent, niceTicks, splitAtGaps, timeTicks } from '../../../dashboard/src/lib/charts/chart-scale.ts';
import { reasonMessage, type ReasonContext } from '../../../dashboard/src/lib/explain/ranking-reason.ts';
import { summarizeRule } from '../../../dashboard/src/lib/explain/rule-summary.ts';
import { DEFAULT_ALERT_FILTERS, filterAlerts } from '../../../dashboard/src/lib/managers/alert-manager.svelte.ts';
import { OperationsStore } from '../../../dashboard/src/lib/managers/operations-store.ts';
import { alertArea, circleRing, dispatchLineCollection, distanceM } from '../../../dashboard/src/lib/map/operations-features.ts';
import type { AlertView } from '../../../server/contracts/alerts.ts';
import type { DispatchView, RankingReason } from '../../../server/contracts/dispatch.ts';

function alert(id: string, extra: Partial<AlertView> = {}): AlertView {
  return {
    id,
    ruleId: 'strong-wind',
    ruleName: 'Strong wind gusts',
    hazard: 'storm',
    public: true,
    subject: { type: 'sensor', id: 'ws-a', name: 'Weather station A' },
    state: 'firing',
    severity: 'Moderate',
    urgency: 'Immediate',
    certainty: 'Observed',
    value: 80,
    peak: 80,
    unit: 'km/h',
    message: 'Wind gust at A is 80 km/h',
    machineTypes: [],
    sensorIds: ['ws-a'],
    position: { lat: 40.4, lon: 23.4 },
    villageId: null,
    raisedAt: 1000,
    updatedAt: 1000,
    observedAt: 1000,
    acknowledged: null,
    resolved: null,
    escalationLevel: 0,
    lastNotifiedAt: null,
    notifications: { sent: 0, failed: 0, pending: 0 },
    allowedActions: ['acknowledge', 'resolve'],
    ...extra,
  };
}

function dispatch(id: string, status: DispatchView['status'], extra: Partial<DispatchView> = {}): DispatchView {
  return {
    id,
    status,
    machineId: 'm-1',
    machineType: 'water_tanker',
    plateOrSerial: 'XKE 1',
    contractorId: 'c',
    contractorName: 'C',
    target: { kind: 'alert', id: 'a1', hazard: 'fire', lat: 40.5, lon: 23.5, villageId: null, description: null, createdAt: null },
    note: null,
    requestedAt: 1,
    requestedBy: 'maria',
    times: {},
    steps: [],
    position: null,
    linkExpiresAt: 0,
    notifications: [],
    allowed: [],
    ...extra,
  };
}

describe('OperationsStore', () => {
  it('reports no news on the first snapshot, then each alert that is new, worse or firing again', () => {
    const store = new OperationsStore();
    store.replaceAll({ alerts: [alert('a1')], machines: [], dispatches: [] });
    expect(store.drain()).toMatchObject({ raised: [], alerts: [{ id: 'a1' }] });

    store.upsertAlert(alert('a2', { severity: 'Severe', raisedAt: 2000 }));
    let changes = store.drain();
    expect(changes.raised.map((a) => a.id)).toEqual(['a2']);
    // Most urgent first.
    expect(changes.alerts?.map((a) => a.id)).toEqual(['a2', 'a1']);

    store.upsertAlert(alert('a1', { state: 'acknowledged', value: 85 }));
    expect(store.drain().raised).toEqual([]);
    store.upsertAlert(alert('a1', { state: 'firing', severity: 'Severe' }));
    expect(store.drain().raised.map((a) => a.id)).toEqual(['a1']);

    store.upsertAlert(alert('a2', { state: 'resolved' }));
    changes = store.drain();
    expect(changes.alerts?.map((a) => a.id)).toEqual(['a1']);
    expect(changes.raised).toEqual([]);
    expect(changes.machines).toBeNull();
  });

  it('after a reconnection, an alert raised while the screen was away is news', () => {
    const store = new OperationsStore();
    store.replaceAll({ alerts: [alert('a1')] });
    store.drain();
    store.replaceAll({ alerts: [alert('a1'), alert('a3')] });
    expect(store.drain().raised.map((a) => a.id)).toEqual(['a3']);
  });

  it('keeps open dispatches only, and reports every change including the closing one', () => {
    const store = new OperationsStore();
    store.replaceAll({ dispatches: [dispatch('d1', 'requested'), dispatch('d2', 'released')] });
    expect(store.drain().dispatches?.map((d) => d.id)).toEqual(['d1']);
    store.upsertDispatch('d1', dispatch('d1', 'declined'));
    const changes = store.drain();
    expect(changes.dispatches).toEqual([]);
    expect(changes.changedDispatches.map((d) => d.status)).toEqual(['declined']);
    store.upsertMachine('m-1', null);
    expect(store.drain().machines).toEqual([]);
  });
});

describe('alert filters', () => {
  const list = [
    alert('a', { severity: 'Minor', hazard: 'flood', subject: { type: 'gauge', id: 'wl', name: 'Torrent gauge' } }),
    alert('b', { severity: 'Extreme', state: 'acknowledged' }),
    alert('c', { state: 'resolved', updatedAt: 5 }),
  ];

  it.each([
    [{}, ['b', 'a']],
    [{ state: 'firing' }, ['a']],
    [{ state: 'resolved' }, ['c']],
    [{ hazard: 'flood' }, ['a']],
    [{ severity: 'Extreme' }, ['b']],
    [{ text: 'torrent' }, ['a']],
  ] as const)('%j lets through %j', (filters, ids) => {
    expect(filterAlerts(list, { ...DEFAULT_ALERT_FILTERS, ...filters }).map((a) => a.id)).toEqual(ids);
  });
});

describe('app mode from the URL', () => {
  it.each([
    ['/', '', { kind: 'console', lang: null }],
    ['/', '?lang=el', { kind: 'console', lang: 'el' }],
    ['/', '?kiosk=skk_1', { kind: 'wall', kiosk: 'skk_1', lang: null, sound: false, rotateMs: 12_000 }],
    ['/wall', '?kiosk=k&lang=pl&sound=1&rotate=30', { kind: 'wall', kiosk: 'k', lang: 'pl', sound: true, rotateMs: 30_000 }],
    ['/wall/', '', { kind: 'wall', kiosk: null, lang: null, sound: false, rotateMs: 12_000 }],
    ['/', '?kiosk=k&rotate=1', { kind: 'wall', kiosk: 'k', lang: null, sound: false, rotateMs: 4_000 }],
    ['/', '?kiosk=k&rotate=soon', { kind: 'wall', kiosk: 'k', lang: null, sound: false, rotateMs: 12_000 }],
  ])('%s%s', (pathname, search, mode) => {
    expect(appModeFromUrl({ pathname, search })).toEqual(mode);
  });
});

describe('API errors', () => {
  it('turns validation details into field problems without the request part', () => {
    expect(
      fieldProblemsOf([
        { field: 'body.taxId', message: 'expected 9 digits' },
        { field: 'body.hourlyRates.excavator', message: 'must be above 0' },
        { nonsense: true },
      ]),
    ).toEqual([
      { field: 'taxId', message: 'expected 9 digits' },
      { field: 'hourlyRates.excavator', message: 'must be above 0' },
    ]);
    expect(fieldProblemsOf({ problems: [] })).toEqual([]);
  });

  it('lists every bad CSV cell in row order', () => {
    expect(
      csvProblemsOf({
        problems: [
          { row: 7, column: 'phone', reason: 'bad' },
          { row: 3, column: 'taxId', reason: 'bad' },
          { row: 3, column: 'name', reason: 'required' },
        ],
      }).map((p) => `${p.row}:${p.column}`),
    ).toEqual(['3:name', '3:taxId', '7:phone']);
  });

  it('leaves empty query parameters out', () => {
    expect(withQuery('/api/audit', { from: 5, actor: '', subject: undefined, limit: 100 })).toBe('/api/audit?from=5&limit=100');
    expect(withQuery('/api/x', {})).toBe('/api/x');
  });
});

describe('chart scales', () => {
  it('picks round ticks', () => {
    expect(niceTicks({ min: 0.3, max: 9.2 }, 4)).toEqual([2, 4, 6, 8]);
    expect(niceExtent([12.1, 27.9])).toEqual({ min: 10, max: 30 });
    expect(niceExtent([])).toEqual({ min: 0, max: 1 });
  });

  it('puts time ticks on round local hours', () => {
    const hour = 3_600_000;
    const from = Date.UTC(2026, 0, 1, 0, 17);
    // UTC+2: ticks fall on local 04:00, 08:00, ...
    const ticks = timeTicks({ min: from, max: from + 24 * hour }, 6, 2 * hour);
    expect(ticks.length).toBeGreaterThanOrEqual(5);
    for (const t of ticks) expect((t + 2 * hour) % (4 * hour)).toBe(0);
  });

  it('breaks lines where data is missing', () => {
    expect(splitAtGaps([{ t: 0 }, { t: 10 }, { t: 100 }, { t: 110 }], 30).map((run) => run.length)).toEqual([2, 2]);
  });
});

describe('why an alert fired', () => {
  it('summarises a threshold rule with its levels for the chart', () => {
    const summary = summarizeRule({
      id: 'strong-wind',
      description: 'Gusts of 75 km/h or more',
      condition: { kind: 'threshold', metric: 'wind_gust_kmh', direction: 'above', raise: 75, clear: 60, unit: 'km/h', label: 'Wind gust' },
    });
    expect(summary.kind).toBe('threshold');
    expect(summary.params.map((p) => p.key)).toEqual(['metric', 'direction', 'raise', 'clear']);
    expect(summary.references).toEqual([
      { metric: 'wind_gust_kmh', key: 'raise', value: 75 },
      { metric: 'wind_gust_kmh', key: 'clear', value: 60 },
    ]);
  });

  it('shows nested parameters and unknown kinds as written', () => {
    const summary = summarizeRule({ condition: { kind: 'future_kind', signal: { smoke: true, coPpm: 10 } } });
    expect(summary.kind).toBeNull();
    expect(summary.kindText).toBe('future_kind');
    expect(summary.params).toEqual([{ key: 'signal', known: 'signal', value: 'smoke: true, coPpm: 10' }]);
    expect(summarizeRule(null)).toMatchObject({ kind: null, params: [], references: [] });
  });
});

describe('ranking reasons', () => {
  const context: ReasonContext = {
    number: (v) => String(v),
    date: (iso) => `date(${iso})`,
    villageName: (id, fallback) => (id === 'galatista' ? 'Γαλάτιστα' : fallback),
    hazardName: (h) => `hazard(${h})`,
    machineTypeName: (t) => `type(${t})`,
    machineStatusName: (s) => `status(${s})`,
  };
  const reason = (code: RankingReason['code'], params: RankingReason['params'] = {}): RankingReason => ({ code, negative: false, text: 'fallback', params });

  it.each([
    [reason('distance', { km: 3.2, minutes: 6 }), 'reason.distance', { km: '3.2', minutes: '6' }],
    [reason('position', { villageId: 'galatista', village: 'Galatista' }), 'reason.positionHome', { village: 'Γαλάτιστα' }],
    [reason('position', { minutesAgo: 4 }), 'reason.positionReported', { minutes: '4' }],
    [reason('contract_invalid', { contractEnd: '2026-01-31' }), 'reason.contractEnded', { date: 'date(2026-01-31)' }],
    [reason('coverage_lost', { villageId: 'x', village: 'Vavdos', hazard: 'fire' }), 'reason.coverageLost', { village: 'Vavdos', hazard: 'hazard(fire)' }],
    [reason('capacity', { tankLitres: 10000 }), 'reason.capacityTank', { litres: '10000' }],
  ])('%j', (input, key, params) => {
    expect(reasonMessage(input, context)).toEqual({ key, params });
  });
});

describe('alert areas and dispatch lines', () => {
  it('draws an area that takes in every sensor behind the alert', () => {
    const sensors: Record<string, { lat: number; lon: number }> = { 'ws-a': { lat: 40.4, lon: 23.4 }, far: { lat: 40.43, lon: 23.4 } };
    const area = alertArea(alert('a', { sensorIds: ['ws-a', 'far'] }), (id) => sensors[id]);
    expect(area.radiusM).toBeGreaterThan(distanceM(area.centre, sensors['far'] ?? area.centre));
    expect(alertArea(alert('b'), (id) => sensors[id]).radiusM).toBe(700);
    const ring = circleRing({ lat: 40, lon: 23 }, 1000, 8);
    expect(ring).toHaveLength(9);
    expect(ring[0]).toEqual(ring[8]);
    for (const [lon, lat] of ring.slice(0, 8)) expect(distanceM({ lat: 40, lon: 23 }, { lat, lon })).toBeCloseTo(1000, -1);
  });

  it('draws a line from the reported position, else the machine, to the target', () => {
    const lines = dispatchLineCollection(
      [dispatch('d1', 'requested'), dispatch('d2', 'en_route', { position: { lat: 1, lon: 2, at: 0 } }), dispatch('d3', 'accepted', { machineId: 'gone' })],
      (id) => (id === 'm-1' ? { lat: 40.4, lon: 23.4 } : undefined),
    );
    expect(lines.features.map((f) => [f.properties.id, f.properties.pending, f.geometry.coordinates[0]])).toEqual([
      ['d1', true, [23.4, 40.4]],
      ['d2', false, [2, 1]],
    ]);
  });
});
