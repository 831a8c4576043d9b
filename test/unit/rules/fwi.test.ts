import { describe, expect, it } from 'vitest';
import {
  buildupIndex,
  computeFireWeatherDay,
  dcDayLengthAdjustment,
  dmcDayLength,
  effisDangerClass,
  fineFuelMoistureCode,
  START_OF_SEASON_CODES,
} from '../../../rules/hazards/fwi.ts';
import type { MoistureCodes, NoonWeather } from '../../../rules/hazards/fwi.ts';

// Van Wagner & Pickett (1985) test table, latitude 40°N, from start-of-season codes (DOMAIN.md §3).
const REFERENCE: readonly { date: string; weather: NoonWeather; expected: Record<string, number> }[] = [
  {
    date: '04-13',
    weather: { temperatureC: 17, humidityPct: 42, windKmh: 25, rain24hMm: 0 },
    expected: { ffmc: 87.6, dmc: 8.5, dc: 19.0, isi: 10.8, bui: 8.5, fwi: 10.0 },
  },
  {
    date: '04-14',
    weather: { temperatureC: 20, humidityPct: 21, windKmh: 25, rain24hMm: 2.4 },
    expected: { ffmc: 86.2, dmc: 10.4, dc: 23.6, isi: 8.8, bui: 10.4, fwi: 9.2 },
  },
  {
    date: '04-15',
    weather: { temperatureC: 8.5, humidityPct: 40, windKmh: 17, rain24hMm: 0 },
    expected: { ffmc: 86.9, dmc: 11.8, dc: 26.1, isi: 6.5, bui: 11.7, fwi: 7.5 },
  },
];

describe('Fire Weather Index (Van Wagner & Pickett 1985)', () => {
  const days: { date: string; code: string; got: number; want: number }[] = [];
  let codes: MoistureCodes = START_OF_SEASON_CODES;
  for (const day of REFERENCE) {
    const got = computeFireWeatherDay(codes, day.weather, 4, 40);
    codes = got;
    for (const [code, want] of Object.entries(day.expected)) {
      days.push({ date: day.date, code, got: got[code as keyof typeof got], want });
    }
  }

  it.each(days)('$date $code is $want within 0.1', ({ got, want }) => {
    expect(Math.abs(got - want)).toBeLessThanOrEqual(0.1);
  });

  it('wets fine fuel in humid air with 1 − ((100 − H)/100)^8, the bracket a published port got wrong', () => {
    // Dry fuel (FFMC 95) in humid, windy air takes up moisture: the wetting branch, eq. 5, 7a, 7b, 9, 10,
    // written out here once more step by step, with the right and with the misplaced bracket.
    const [t, h, w, f0] = [15, 95, 30, 95];
    const mo = (147.2 * (101 - f0)) / (59.5 + f0);
    const ew = 0.618 * h ** 0.753 + 10 * Math.exp((h - 100) / 10) + 0.18 * (21.1 - t) * (1 - Math.exp(-0.115 * h));
    const ffmcWith = (windTerm: number): number => {
      const k1 = 0.424 * (1 - ((100 - h) / 100) ** 1.7) + 0.0694 * w ** 0.5 * windTerm;
      const m = ew - (ew - mo) * 10 ** -(k1 * 0.581 * Math.exp(0.0365 * t));
      return (59.5 * (250 - m)) / (147.2 + m);
    };
    const right = ffmcWith(1 - ((100 - h) / 100) ** 8);
    const wrong = ffmcWith((1 - (100 - h) / 100) ** 8);
    expect(mo).toBeLessThan(ew);
    expect(Math.abs(right - wrong)).toBeGreaterThan(0.3);
    expect(fineFuelMoistureCode(f0, { temperatureC: t, humidityPct: h, windKmh: w, rain24hMm: 0 })).toBeCloseTo(right, 9);
  });

  it('lets heavy rain bring the codes down', () => {
    const dry: MoistureCodes = { ffmc: 92, dmc: 60, dc: 400 };
    const wet = computeFireWeatherDay(dry, { temperatureC: 18, humidityPct: 90, windKmh: 5, rain24hMm: 25 }, 8, 40);
    expect(wet.ffmc).toBeLessThan(dry.ffmc);
    expect(wet.dmc).toBeLessThan(dry.dmc);
    expect(wet.dc).toBeLessThan(dry.dc);
  });

  it('treats zero duff and drought codes as zero buildup', () => {
    expect(buildupIndex(0, 0)).toBe(0);
  });
});

describe('day-length factors', () => {
  it.each([
    { month: 4, lat: 40, dmc: 12.8, dc: 0.9 },
    { month: 7, lat: 52, dmc: 12.4, dc: 6.4 },
    { month: 1, lat: 40, dmc: 6.5, dc: -1.6 },
    { month: 7, lat: 20, dmc: 10.1, dc: 1.4 },
    { month: 7, lat: 0, dmc: 9, dc: 1.4 },
    { month: 1, lat: -20, dmc: 10.1, dc: 6.4 },
    { month: 1, lat: -40, dmc: 11.5, dc: 6.4 },
  ])('month $month at $lat° gives Le $dmc and Lf $dc', ({ month, lat, dmc, dc }) => {
    expect(dmcDayLength(month, lat)).toBe(dmc);
    expect(dcDayLengthAdjustment(month, lat)).toBe(dc);
  });

  it('rejects a month out of range', () => {
    expect(() => dmcDayLength(13, 40)).toThrow(RangeError);
  });
});

describe('EFFIS danger classes', () => {
  it.each([
    [0, 'very_low'],
    [5.19, 'very_low'],
    [5.2, 'low'],
    [11.2, 'moderate'],
    [21.29, 'moderate'],
    [21.3, 'high'],
    [38.0, 'very_high'],
    [49.99, 'very_high'],
    [50.0, 'extreme'],
    [120, 'extreme'],
  ] as const)('FWI %d is %s', (fwi, cls) => {
    expect(effisDangerClass(fwi)).toBe(cls);
  });
});
