import { describe, expect, it } from 'vitest';
import { angstromIndex, isThirtyThirtyThirty } from '../../../rules/hazards/fire-weather.ts';
import { imgwWarningDegree, isRising, levelBand } from '../../../rules/hazards/flood-levels.ts';
import { HAZARDS, MACHINE_TYPES, machineTypesFor } from '../../../rules/hazards/machine-types.ts';

describe('30-30-30', () => {
  it.each([
    { t: 30, rh: 30, w: 30, fire: true },
    { t: 35, rh: 15, w: 45, fire: true },
    { t: 29.9, rh: 20, w: 40, fire: false },
    { t: 33, rh: 30.1, w: 40, fire: false },
    { t: 33, rh: 20, w: 29, fire: false },
  ])('T $t, RH $rh, wind $w → $fire', ({ t, rh, w, fire }) => {
    expect(isThirtyThirtyThirty({ temperatureC: t, humidityPct: rh, windKmh: w })).toBe(fire);
  });
});

describe('Angström index', () => {
  it.each([
    { t: 27, rh: 40, index: 2 },
    { t: 35, rh: 20, index: 0.2 },
    { t: 10, rh: 80, index: 5.7 },
  ])('T $t, RH $rh → $index', ({ t, rh, index }) => {
    expect(angstromIndex(t, rh)).toBeCloseTo(index, 10);
  });
});

describe('IMGW warning degrees', () => {
  const trestno = { warningLevelCm: 400, alarmLevelCm: 450 };
  const options = { rapidRiseCmPerHour: 20, minRiseCmPerHour: 1 };
  it.each([
    { level: 300, rate: 5, degree: 0 },
    { level: 300, rate: 25, degree: 1 },
    { level: 410, rate: 5, degree: 2 },
    { level: 410, rate: 0, degree: 0 },
    { level: 410, rate: -10, degree: 0 },
    { level: 460, rate: 2, degree: 3 },
    { level: 460, rate: -3, degree: 0 },
    { level: 640, rate: 30, degree: 3 },
    // An unknown trend counts as rising: a warning too early beats one too late.
    { level: 460, rate: NaN, degree: 3 },
    { level: 300, rate: NaN, degree: 0 },
  ])('$level cm at $rate cm/h → degree $degree', ({ level, rate, degree }) => {
    expect(imgwWarningDegree({ levelCm: level, rateCmPerHour: rate }, trestno, options)).toBe(degree);
  });

  it('puts a level on the line into the band above', () => {
    expect(levelBand(400, trestno)).toBe('warning');
    expect(levelBand(450, trestno)).toBe('alarm');
    expect(levelBand(399.9, trestno)).toBe('below_warning');
  });

  it('needs the minimum rise to call it rising', () => {
    expect(isRising(0.5, 1)).toBe(false);
    expect(isRising(1, 1)).toBe(true);
  });
});

describe('machine types by hazard (DOMAIN.md §6)', () => {
  it.each([
    ['fire', ['water_tanker', 'bulldozer', 'grader']],
    ['flood', ['pump_unit', 'excavator', 'backhoe_loader', 'tipper_truck']],
    ['storm', ['backhoe_loader', 'tipper_truck', 'generator']],
    ['snow', ['snow_plough']],
    ['sensor_fault', []],
  ] as const)('%s → %j', (hazard, machines) => {
    expect(machineTypesFor(hazard)).toEqual(machines);
  });

  it('names only machines from the vocabulary, for every hazard', () => {
    for (const h of HAZARDS) for (const m of machineTypesFor(h)) expect(MACHINE_TYPES).toContain(m);
  });
});
