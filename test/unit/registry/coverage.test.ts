import { describe, expect, it } from 'vitest';
import { computeCoverage, soleCoverage, type CoverageInputs } from '../../../server/registry/coverage.ts';
import { coverageGeoJson } from '../../../server/registry/coverage-geojson.ts';
import type { Machine } from '../../../server/contracts/machinery.ts';
import { CONTRACTORS, machine, TODAY, VILLAGES } from '../dispatch/fixtures.ts';

const inputs = (machines: Machine[], radiusKm = 15): CoverageInputs => ({ villages: VILLAGES, machines, contractors: CONTRACTORS, today: TODAY, radiusKm });
const states = (machines: Machine[], hazard: 'fire' | 'flood' | 'storm' | 'snow', radiusKm = 15) =>
  Object.fromEntries(computeCoverage(inputs(machines, radiusKm)).villages.map((v) => [v.villageId, v.hazards[hazard].state]));

describe('coverage', () => {
  it.each([
    ['a tanker at alpha covers alpha and beta (8.5 km) but not gamma (22 km)', [machine('t', 'water_tanker', 'alpha')], 15, { alpha: 'covered', beta: 'covered', gamma: 'uncovered' }],
    ['a larger radius reaches gamma', [machine('t', 'water_tanker', 'alpha')], 25, { alpha: 'covered', beta: 'covered', gamma: 'covered' }],
    ['a machine on a dispatch leaves its villages busy, not covered', [machine('t', 'water_tanker', 'alpha', { status: 'en_route' })], 15, { alpha: 'busy', beta: 'busy', gamma: 'uncovered' }],
    ['an out-of-service machine covers nothing', [machine('t', 'water_tanker', 'alpha', { status: 'out_of_service' })], 15, { alpha: 'uncovered', beta: 'uncovered', gamma: 'uncovered' }],
    ['an expired contract covers nothing', [machine('t', 'water_tanker', 'alpha', { contractorId: 'ctr-expired' })], 15, { alpha: 'uncovered', beta: 'uncovered', gamma: 'uncovered' }],
    ['a contract not yet started covers nothing', [machine('t', 'water_tanker', 'alpha', { contractorId: 'ctr-future' })], 15, { alpha: 'uncovered', beta: 'uncovered', gamma: 'uncovered' }],
    ['a snow plough does not cover fire', [machine('p', 'snow_plough', 'alpha')], 15, { alpha: 'uncovered', beta: 'uncovered', gamma: 'uncovered' }],
    ['a grader (third choice) still covers fire', [machine('g', 'grader', 'gamma')], 15, { alpha: 'uncovered', beta: 'uncovered', gamma: 'covered' }],
  ] as const)('%s', (_name, machines, radius, expected) => {
    expect(states([...machines], 'fire', radius)).toEqual(expected);
  });

  it('counts from the home village, not from where a machine was last reported', () => {
    const away = machine('t', 'water_tanker', 'alpha', { reported: { lat: 40.2, lon: 23.0, at: 0 } });
    expect(states([away], 'fire')).toEqual({ alpha: 'covered', beta: 'covered', gamma: 'uncovered' });
  });

  it('names the nearest available machine, and lists every machine in reach nearest first', () => {
    const report = computeCoverage(inputs([machine('busy-beta', 'water_tanker', 'beta', { status: 'dispatched' }), machine('t-alpha', 'water_tanker', 'alpha')]));
    const beta = report.villages.find((v) => v.villageId === 'beta')?.hazards.fire;
    expect(beta?.machineIds).toEqual(['busy-beta', 't-alpha']);
    expect(beta?.nearest).toEqual({ machineId: 't-alpha', type: 'water_tanker', km: 8.5 });
  });

  it('warns of expiring, expired and not-yet-started contracts and of uncovered villages', () => {
    const report = computeCoverage(
      inputs([
        machine('t-ending', 'water_tanker', 'alpha', { contractorId: 'ctr-ending' }),
        machine('t-expired', 'water_tanker', 'gamma', { contractorId: 'ctr-expired' }),
        machine('t-future', 'water_tanker', 'gamma', { contractorId: 'ctr-future' }),
        machine('p-ok', 'snow_plough', 'alpha'),
        machine('pump-ok', 'pump_unit', 'gamma'),
        machine('bhl-ok', 'backhoe_loader', 'gamma'),
      ]),
    );
    const byCode = (code: string) => report.warnings.filter((w) => w.code === code).map((w) => w.text);
    expect(byCode('contract_expired')).toEqual(['Contract C-ctr-expired of Contractor ctr-expired ended on 2026-05-31: its 1 machine(s) cannot be dispatched until it is renewed.']);
    expect(byCode('contract_not_started')).toEqual(['Contract C-ctr-future of Contractor ctr-future starts on 2026-07-01: its 1 machine(s) cannot be dispatched before then.']);
    expect(byCode('contract_expiring')).toEqual(['Contract C-ctr-ending of Contractor ctr-ending ends in 12 days (2026-06-27).']);
    expect(byCode('coverage_expiring')).toContain('Alpha loses its fire cover on 2026-06-28, when the last contract covering it ends, unless a contract is renewed.');
    expect(byCode('village_uncovered')).toEqual([
      'Alpha has no pump unit, excavator, backhoe loader or tipper truck within 15 km on a valid contract, for flood.',
      'Alpha has no backhoe loader, tipper truck or generator within 15 km on a valid contract, for storm.',
      'Beta has no pump unit, excavator, backhoe loader or tipper truck within 15 km on a valid contract, for flood.',
      'Beta has no backhoe loader, tipper truck or generator within 15 km on a valid contract, for storm.',
      'Gamma has no water tanker, bulldozer or grader within 15 km on a valid contract, for fire.',
      'Gamma has no snow plough within 15 km on a valid contract, for snow.',
    ]);
    expect(report.warnings.find((w) => w.code === 'contract_expiring')).toMatchObject({ contractorId: 'ctr-ending', daysLeft: 12 });
  });

  it('finds the village/hazard pairs a machine alone covers', () => {
    const sole = soleCoverage(inputs([machine('t-alpha', 'water_tanker', 'alpha'), machine('t-gamma', 'water_tanker', 'gamma'), machine('t-gamma-2', 'water_tanker', 'gamma')]));
    expect(sole.get('t-alpha')).toEqual([
      { villageId: 'alpha', hazard: 'fire' },
      { villageId: 'beta', hazard: 'fire' },
    ]);
    expect(sole.get('t-gamma')).toBeUndefined();
  });

  it('makes a GeoJSON layer with one point per village (worst state) and per machine, with stable ids', () => {
    const report = computeCoverage(inputs([machine('t-alpha', 'water_tanker', 'alpha')]));
    const geo = coverageGeoJson(report, [{ ...machine('t-alpha', 'water_tanker', 'alpha'), contractorName: 'X', dispatchId: null }]);
    expect(geo.features.map((f) => f.id)).toEqual(['village:alpha', 'village:beta', 'village:gamma', 'machine:t-alpha']);
    expect(geo.features[0]?.properties).toMatchObject({ kind: 'village', fire: 'covered', flood: 'uncovered', worst: 'uncovered', uncoveredHazards: 'flood,storm,snow' });
    expect(geo.features[3]?.geometry.coordinates).toEqual([23.0, 40.0]);
  });
});
