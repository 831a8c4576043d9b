import { describe, expect, it } from 'vitest';
import { rankMachinesForDispatch, type RankingOptions } from '../../../server/dispatch/rank-machines.ts';
import type { Machine } from '../../../server/contracts/machinery.ts';
import type { DispatchPoint, DispatchStatus } from '../../../server/contracts/dispatch.ts';
import { CONTRACTORS, machine, NOW, TODAY, VILLAGES } from './fixtures.ts';

const OPTIONS: RankingOptions = { now: NOW, today: TODAY, roadFactor: 1.4, speedKmh: 40, coverageRadiusKm: 15 };
const FIRE_AT_ALPHA: DispatchPoint = { hazard: 'fire', lat: 40.0, lon: 23.0, villageId: 'alpha' };

function rank(point: DispatchPoint, machines: Machine[], open: [string, { id: string; status: DispatchStatus }][] = [], options: Partial<RankingOptions> = {}) {
  return rankMachinesForDispatch(point, { villages: VILLAGES, machines, contractors: CONTRACTORS, openDispatches: new Map(open) }, { ...OPTIONS, ...options });
}

const order = (ranked: ReturnType<typeof rank>) => ranked.map((r) => r.machineId);
const texts = (ranked: ReturnType<typeof rank>, id: string) => ranked.find((r) => r.machineId === id)?.reasons.map((r) => r.text) ?? [];

describe('rankMachinesForDispatch', () => {
  it.each([
    {
      name: 'the nearer of two machines of the best type comes first',
      point: FIRE_AT_ALPHA,
      machines: [machine('tanker-beta', 'water_tanker', 'beta'), machine('tanker-alpha', 'water_tanker', 'alpha')],
      expected: ['tanker-alpha', 'tanker-beta'],
    },
    {
      name: 'a second-choice type next door beats a first-choice type 18 minutes away (1 + 10 < 18 min)',
      point: FIRE_AT_ALPHA,
      machines: [machine('tanker-beta', 'water_tanker', 'beta'), machine('dozer-alpha', 'bulldozer', 'alpha')],
      expected: ['dozer-alpha', 'tanker-beta'],
    },
    {
      name: 'with an equal ETA the first-choice type wins',
      point: FIRE_AT_ALPHA,
      machines: [machine('grader-alpha', 'grader', 'alpha'), machine('dozer-alpha', 'bulldozer', 'alpha'), machine('tanker-alpha', 'water_tanker', 'alpha')],
      expected: ['tanker-alpha', 'dozer-alpha', 'grader-alpha'],
    },
    {
      name: 'machines of types the hazard does not call for are left out',
      point: FIRE_AT_ALPHA,
      machines: [machine('plough-alpha', 'snow_plough', 'alpha'), machine('pump-alpha', 'pump_unit', 'alpha'), machine('tanker-gamma', 'water_tanker', 'gamma')],
      expected: ['tanker-gamma'],
    },
    {
      name: 'busy, out-of-service and expired or not-yet-valid contracts come after every dispatchable machine',
      point: FIRE_AT_ALPHA,
      machines: [
        machine('busy-alpha', 'water_tanker', 'alpha', { status: 'en_route' }),
        machine('broken-alpha', 'water_tanker', 'alpha', { status: 'out_of_service' }),
        machine('expired-alpha', 'water_tanker', 'alpha', { contractorId: 'ctr-expired' }),
        machine('future-alpha', 'water_tanker', 'alpha', { contractorId: 'ctr-future' }),
        machine('tanker-gamma', 'water_tanker', 'gamma'),
      ],
      expected: ['tanker-gamma', 'broken-alpha', 'busy-alpha', 'expired-alpha', 'future-alpha'],
    },
    {
      name: 'a machine whose departure leaves a village uncovered yields to an equally near one that does not',
      // Midway between alpha and gamma; alpha keeps a second tanker, gamma has only its own.
      point: { hazard: 'fire', lat: 40.1, lon: 23.0 } satisfies DispatchPoint,
      machines: [machine('tanker-gamma', 'water_tanker', 'gamma'), machine('tanker-alpha-1', 'water_tanker', 'alpha'), machine('tanker-alpha-2', 'water_tanker', 'alpha')],
      expected: ['tanker-alpha-1', 'tanker-alpha-2', 'tanker-gamma'],
    },
    {
      name: 'a fresh reported position counts, a stale one does not',
      point: { hazard: 'fire', lat: 40.2, lon: 23.0, villageId: 'gamma' } satisfies DispatchPoint,
      machines: [
        machine('stale-alpha', 'water_tanker', 'alpha', { reported: { lat: 40.2, lon: 23.0, at: NOW - 7 * 3_600_000 } }),
        machine('fresh-alpha', 'water_tanker', 'alpha', { reported: { lat: 40.19, lon: 23.0, at: NOW - 5 * 60_000 } }),
        machine('tanker-beta', 'water_tanker', 'beta'),
      ],
      expected: ['fresh-alpha', 'stale-alpha', 'tanker-beta'],
    },
    {
      name: 'ties on cost and distance fall back to the machine id, so the order is stable',
      point: FIRE_AT_ALPHA,
      machines: [machine('tanker-b', 'water_tanker', 'alpha'), machine('tanker-a', 'water_tanker', 'alpha')],
      expected: ['tanker-a', 'tanker-b'],
    },
  ])('$name', ({ point, machines, expected }) => {
    expect(order(rank(point, machines))).toEqual(expected);
  });

  it('numbers the ranks from 1 and marks what cannot be sent', () => {
    const ranked = rank(FIRE_AT_ALPHA, [machine('tanker-alpha', 'water_tanker', 'alpha'), machine('busy-beta', 'water_tanker', 'beta', { status: 'dispatched' })], [
      ['busy-beta', { id: 'd-1', status: 'requested' }],
    ]);
    expect(ranked.map((r) => [r.rank, r.machineId, r.dispatchable])).toEqual([
      [1, 'tanker-alpha', true],
      [2, 'busy-beta', false],
    ]);
  });

  it('says why in words: suitability, distance and ETA, base, availability, contract, coverage, capacity', () => {
    const ranked = rank(FIRE_AT_ALPHA, [
      machine('tanker-beta', 'water_tanker', 'beta', { contractorId: 'ctr-ending', tankLitres: 10000 }),
      machine('dozer-gamma', 'bulldozer', 'gamma'),
    ]);
    // 8.5 km great circle × 1.4 = 11.9 km by road, at 40 km/h: 17.9 min, rounded up.
    expect(texts(ranked, 'tanker-beta')).toEqual([
      'water tanker — suited to fire',
      '11.9 km, about 18 min',
      'based in Beta',
      'tank 10,000 l',
      'available now',
      'contract ends in 12 days',
      'leaves Beta without a water tanker',
    ]);
    expect(texts(ranked, 'dozer-gamma')).toEqual([
      'bulldozer — suited to fire (2nd choice of 3)',
      '31.1 km, about 47 min',
      'based in Gamma',
      'available now',
      'leaves Gamma without a bulldozer',
    ]);
  });

  it('names the dispatch a busy machine is on, and the end of an expired contract', () => {
    const ranked = rank(
      FIRE_AT_ALPHA,
      [machine('busy-alpha', 'water_tanker', 'alpha', { status: 'accepted' }), machine('expired-beta', 'water_tanker', 'beta', { contractorId: 'ctr-expired' })],
      [['busy-alpha', { id: 'd-42', status: 'accepted' }]],
    );
    expect(texts(ranked, 'busy-alpha')).toContain('busy: on dispatch d-42 (accepted)');
    expect(texts(ranked, 'expired-beta')).toContain('contract ended on 2026-05-31');
    expect(ranked.every((r) => r.leavesUncovered.length === 0)).toBe(true);
  });

  it('does not count the village the machine is sent to as left uncovered', () => {
    const ranked = rank({ hazard: 'fire', lat: 40.2, lon: 23.0, villageId: 'gamma' }, [machine('tanker-gamma', 'water_tanker', 'gamma')]);
    expect(ranked[0]?.leavesUncovered).toEqual([]);
    expect(texts(ranked, 'tanker-gamma')).toContain('every village keeps its cover');
  });

  it('weighs coverage kept in minutes: a machine far enough ahead still wins despite the loss', () => {
    // tanker-beta is Beta's only tanker: 18 min + 15 = 33. Gamma has two tankers, so either may go: 47 min.
    const machines = [machine('tanker-beta', 'water_tanker', 'beta'), machine('tanker-gamma-1', 'water_tanker', 'gamma'), machine('tanker-gamma-2', 'water_tanker', 'gamma')];
    const ranked = rank(FIRE_AT_ALPHA, machines);
    expect(ranked.map((r) => [r.machineId, r.costMin])).toEqual([
      ['tanker-beta', 33],
      ['tanker-gamma-1', 47],
      ['tanker-gamma-2', 47],
    ]);
    expect(ranked[0]?.leavesUncovered).toEqual([{ villageId: 'beta', hazard: 'fire' }]);
    // Weigh a lost village at 30 min and the machine from Gamma goes instead (18 + 30 > 47).
    expect(order(rank(FIRE_AT_ALPHA, machines, [], { coverageLossMin: 30 }))[0]).toBe('tanker-gamma-1');
  });

  it('uses the configured road factor and speed for the ETA', () => {
    const [slow] = rank(FIRE_AT_ALPHA, [machine('tanker-beta', 'water_tanker', 'beta')], [], { roadFactor: 2, speedKmh: 20 });
    expect(slow?.roadKm).toBe(17);
    expect(slow?.etaMin).toBe(51);
  });
});
