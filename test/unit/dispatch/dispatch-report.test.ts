import { describe, expect, it } from 'vitest';
import { contractorReport, dispatchReportRow, median, reportCsv, villageReport } from '../../../server/dispatch/dispatch-report.ts';
import type { DispatchRecord } from '../../../server/dispatch/dispatch-store.ts';
import type { DispatchStatus } from '../../../server/contracts/dispatch.ts';
import { VILLAGES } from './fixtures.ts';

const T0 = Date.parse('2026-06-15T10:00:00Z');
const MIN = 60_000;

function record(id: string, status: DispatchStatus, times: Partial<Record<DispatchStatus, number>>, extra: Partial<DispatchRecord> = {}): DispatchRecord {
  return {
    id,
    status,
    machineId: 'm-1',
    machineType: 'water_tanker',
    plateOrSerial: 'XKE 1',
    contractorId: 'ctr-a',
    contractorName: 'Alpha O.E.',
    target: { kind: 'incident', id: 'inc-1', hazard: 'fire', lat: 40, lon: 23, villageId: 'alpha', description: null, createdAt: T0 - 4 * MIN },
    note: null,
    requestedAt: T0,
    requestedBy: 'officer',
    times: { requested: T0, ...times },
    steps: [],
    position: null,
    linkExpiresAt: T0 + 86_400_000,
    notifications: [],
    allowed: [],
    hourlyRate: 50,
    ...extra,
  };
}

describe('dispatch reports', () => {
  const released = record('d-1', 'released', { accepted: T0 + 2 * MIN, en_route: T0 + 3 * MIN, on_site: T0 + 20 * MIN, released: T0 + 20 * MIN + 150 * MIN });

  it('measures time to dispatch, time to arrival, hours on site and the amount at the agreed rate', () => {
    expect(dispatchReportRow(released, T0)).toMatchObject({
      timeToDispatchMin: 4,
      timeToArrivalMin: 20,
      hoursOnSite: 2.5,
      onSiteOngoing: false,
      hourlyRate: 50,
      amount: 125,
    });
  });

  it.each([
    ['declined', record('d', 'declined', { declined: T0 + MIN }), { timeToArrivalMin: null, hoursOnSite: null, amount: null }],
    ['cancelled before arrival', record('d', 'cancelled', { accepted: T0 + MIN, cancelled: T0 + 5 * MIN }), { hoursOnSite: null, amount: null }],
    ['cancelled on site (the machine worked: billed)', record('d', 'cancelled', { on_site: T0 + 10 * MIN, cancelled: T0 + 70 * MIN }), { hoursOnSite: 1, amount: 50 }],
    ['still on site: hours so far', record('d', 'on_site', { on_site: T0 + 10 * MIN }), { hoursOnSite: 0.5, onSiteOngoing: true, amount: 25 }],
    ['no rate for the type', record('d', 'released', { on_site: T0, released: T0 + 60 * MIN }, { hourlyRate: null }), { hoursOnSite: 1, amount: null }],
    ['a target without a creation time', record('d', 'requested', {}, { target: { ...released.target, createdAt: null } }), { timeToDispatchMin: null }],
  ])('%s', (_name, r, expected) => {
    expect(dispatchReportRow(r, T0 + 40 * MIN)).toMatchObject(expected);
  });

  it('sums per contractor and per village, with medians', () => {
    const records = [
      released,
      record('d-2', 'declined', { declined: T0 + MIN }),
      record('d-3', 'released', { accepted: T0 + MIN, on_site: T0 + 30 * MIN, released: T0 + 90 * MIN }, { target: { ...released.target, villageId: 'beta', hazard: 'flood' } }),
    ];
    const rows = records.map((r) => dispatchReportRow(r, T0));
    expect(contractorReport(rows, records)).toEqual([
      { contractorId: 'ctr-a', contractorName: 'Alpha O.E.', dispatches: 3, accepted: 2, declined: 1, cancelled: 0, hoursOnSite: 3.5, amount: 175, medianTimeToArrivalMin: 25 },
    ]);
    expect(villageReport(rows, VILLAGES)).toEqual([
      { villageId: 'alpha', villageName: 'Alpha', dispatches: 2, fire: 2, flood: 0, storm: 0, snow: 0, medianTimeToDispatchMin: 4, medianTimeToArrivalMin: 20, hoursOnSite: 2.5 },
      { villageId: 'beta', villageName: 'Beta', dispatches: 1, fire: 0, flood: 1, storm: 0, snow: 0, medianTimeToDispatchMin: 4, medianTimeToArrivalMin: 30, hoursOnSite: 1 },
    ]);
  });

  it('writes CSV with ISO times', () => {
    const csv = reportCsv([dispatchReportRow(released, T0)], ['dispatchId', 'requestedAt', 'hoursOnSite', 'amount']);
    expect(csv).toBe('dispatchId,requestedAt,hoursOnSite,amount\nd-1,2026-06-15T10:00:00.000Z,2.5,125\n');
  });

  it('takes medians of odd and even counts', () => {
    expect([median([]), median([3, 1, 2]), median([4, 1, 3, 2])]).toEqual([null, 2, 2.5]);
  });
});
