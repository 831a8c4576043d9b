import { describe, expect, it } from 'vitest';
import { Harness, HOUR, MIN, brief, rule, sensor } from './fixtures.ts';
import { fixedUtcOffset, timeZoneOffset } from '../../../rules/engine/local-time.ts';
import type { FireWeatherStation } from '../../../rules/engine/conditions/fire-weather-index.ts';

// Polygyros is at 40.4°N, the latitude of the reference table (DOMAIN.md §3); Europe/Athens is UTC+3 in April.
const station = sensor('ws-polygyros', { lat: 40.381, lon: 23.446 });
const athens = timeZoneOffset('Europe/Athens');
const fwiRule = rule({ id: 'fwi', hazard: 'fire', condition: { kind: 'fire_weather_index' } });

/** Epoch ms of a local (Athens, UTC+3 in April and July) wall-clock time. */
function athensTime(month: number, day: number, hour: number, minute = 0): number {
  return Date.UTC(2024, month - 1, day, hour - 3, minute);
}

interface DayWeather {
  t: number;
  rh: number;
  wind: number;
}

function stationOf(h: Harness): FireWeatherStation {
  return h.state.rules.fwi?.sensors['ws-polygyros']?.data as FireWeatherStation;
}

/** Hourly readings through a local day, the day's noon weather all day, rain at 06:00. */
function feedDay(h: Harness, month: number, day: number, w: DayWeather, rainAt6 = 0): string[] {
  const out: string[] = [];
  for (let hour = 0; hour < 24; hour++) {
    const metrics = { air_temperature_c: w.t, relative_humidity_pct: w.rh, wind_speed_kmh: w.wind, rain_mm: hour === 6 ? rainAt6 : 0 };
    out.push(...brief(h.feed(station, athensTime(month, day, hour), metrics)));
  }
  return out;
}

describe('Fire Weather Index rule', () => {
  it('reproduces the reference table day by day from hourly readings, carrying the codes', () => {
    const h = new Harness([fwiRule], { localTime: athens });
    const reference = [
      { day: 13, w: { t: 17, rh: 42, wind: 25 }, rain: 0, ffmc: 87.6, dmc: 8.5, dc: 19.0, fwi: 10.0 },
      { day: 14, w: { t: 20, rh: 21, wind: 25 }, rain: 2.4, ffmc: 86.2, dmc: 10.4, dc: 23.6, fwi: 9.2 },
      { day: 15, w: { t: 8.5, rh: 40, wind: 17 }, rain: 0, ffmc: 86.9, dmc: 11.8, dc: 26.1, fwi: 7.5 },
    ];
    for (const r of reference) {
      // FWI 10 or less is "low": no alert.
      expect(feedDay(h, 4, r.day, r.w, r.rain)).toEqual([]);
      const last = stationOf(h).last;
      expect(last?.day).toBe(`2024-04-${r.day}`);
      expect(Math.abs((last?.ffmc ?? 0) - r.ffmc)).toBeLessThanOrEqual(0.1);
      expect(Math.abs((last?.dmc ?? 0) - r.dmc)).toBeLessThanOrEqual(0.1);
      expect(Math.abs((last?.dc ?? 0) - r.dc)).toBeLessThanOrEqual(0.1);
      expect(Math.abs((last?.fwi ?? 0) - r.fwi)).toBeLessThanOrEqual(0.1);
      expect(last?.rain24hMm).toBe(r.rain);
    }
  });

  it.each([
    { name: 'the last reading before noon when it is nearer', times: [[11, 0], [11, 50], [12, 20]], used: [11, 50] },
    { name: 'the first reading after noon when it is nearer', times: [[11, 0], [12, 5], [12, 40]], used: [12, 5] },
    { name: 'a morning reading when the station was silent over noon', times: [[10, 30], [24 + 9, 0]], used: [10, 30] },
  ])('uses $name', ({ times, used }) => {
    const h = new Harness([fwiRule], { localTime: athens });
    for (const [hour = 0, minute = 0] of times) {
      h.feed(station, athensTime(7, 10, hour, minute), { air_temperature_c: 30, relative_humidity_pct: 30, wind_speed_kmh: 20 });
    }
    expect(stationOf(h).last?.noonReadingAt).toBe(athensTime(7, 10, used[0] ?? 0, used[1] ?? 0));
  });

  it('skips a day whose nearest reading is further than the tolerance from noon, keeping the codes', () => {
    const h = new Harness([fwiRule], { localTime: athens });
    h.feed(station, athensTime(7, 10, 7), { air_temperature_c: 30, relative_humidity_pct: 30, wind_speed_kmh: 20 });
    h.feed(station, athensTime(7, 10, 17), { air_temperature_c: 30, relative_humidity_pct: 30, wind_speed_kmh: 20 });
    expect(stationOf(h).decidedDay).not.toBeNull();
    expect(stationOf(h).codes).toBeNull();
  });

  it('counts rain after noon toward the next day', () => {
    const h = new Harness([fwiRule], { localTime: athens });
    const weather = { air_temperature_c: 25, relative_humidity_pct: 50, wind_speed_kmh: 10 };
    h.feed(station, athensTime(7, 10, 9), { ...weather, rain_mm: 1 });
    h.feed(station, athensTime(7, 10, 12), { ...weather, rain_mm: 2 });
    h.feed(station, athensTime(7, 10, 15), { ...weather, rain_mm: 4 });
    expect(stationOf(h).last?.rain24hMm).toBe(3);
    h.feed(station, athensTime(7, 11, 12), { ...weather, rain_mm: 0.5 });
    expect(stationOf(h).last?.rain24hMm).toBe(4.5);
  });

  it('raises on a high danger class with its severity, escalates as the fuels dry, and clears when the danger eases', () => {
    const h = new Harness([fwiRule], { localTime: fixedUtcOffset(180) });
    const hot = { t: 36, rh: 12, wind: 35 };
    const seen: string[] = [];
    for (let day = 1; day <= 12; day++) seen.push(...feedDay(h, 7, day, hot));
    expect(seen[0]).toMatch(/^raise (Moderate|Severe)$/);
    expect(seen.at(-1)).toBe('update Extreme');
    expect(feedDay(h, 7, 13, { t: 18, rh: 95, wind: 5 }, 60)).toEqual(['clear Extreme']);
  });

  it('says the FWI, the EFFIS class and the noon weather', () => {
    const h = new Harness([fwiRule], { localTime: athens });
    let message = '';
    for (let day = 1; day <= 6 && message === ''; day++) {
      for (let hour = 0; hour < 24; hour++) {
        const [t] = h.feed(station, athensTime(7, day, hour), { air_temperature_c: 36, relative_humidity_pct: 12, wind_speed_kmh: 35, rain_mm: 0 });
        if (t?.kind === 'raise') message = t.message;
      }
    }
    expect(message).toMatch(/^Fire Weather Index at ws-polygyros for 2024-07-0\d is [\d.]+ \(EFFIS (high|very high|extreme)\), from noon weather 36 °C, 12 % RH, wind 35 km\/h, 24 h rain 0 mm; FFMC/);
  });

  it('decides a day once, however many readings follow noon', () => {
    const h = new Harness([fwiRule], { localTime: athens });
    for (let m = 0; m < 600; m += 10) h.feed(station, athensTime(7, 10, 11) + m * MIN, { air_temperature_c: 30, relative_humidity_pct: 30, wind_speed_kmh: 20 });
    const first = stationOf(h).last;
    h.feed(station, athensTime(7, 10, 23) + 30 * MIN, { air_temperature_c: 10, relative_humidity_pct: 90, wind_speed_kmh: 0 });
    expect(stationOf(h).last).toEqual(first);
    expect(HOUR).toBe(60 * MIN);
  });
});

describe('FWI start codes for a deployment starting mid-season', () => {
  const season = { ffmc: 92, dmc: 130, dc: 680 };
  const hotDay = { t: 34, rh: 20, wind: 19 };
  const seeded = rule({ id: 'fwi', hazard: 'fire', condition: { kind: 'fire_weather_index', startCodes: season } });

  it.each([
    { name: 'start-of-season codes (85/6/15): no alert on a hot August day', rules: [fwiRule], seed: undefined, want: [] },
    { name: 'the rule’s startCodes set to the season’s codes: Extreme', rules: [seeded], seed: undefined, want: ['raise Extreme'] },
    { name: 'the engine seeds this station (fwiStartCodes): Extreme', rules: [fwiRule], seed: { 'ws-polygyros': season }, want: ['raise Extreme'] },
    { name: 'a seed for another station leaves this one at the rule’s codes', rules: [fwiRule], seed: { 'ws-other': season }, want: [] },
    {
      name: 'the station seed wins over the rule’s startCodes',
      rules: [seeded],
      seed: { 'ws-polygyros': { ffmc: 85, dmc: 6, dc: 15 } },
      want: [],
    },
  ])('$name', ({ rules, seed, want }) => {
    const h = new Harness(rules, seed === undefined ? { localTime: athens } : { localTime: athens, fwiStartCodes: seed });
    expect(feedDay(h, 8, 12, hotDay)).toEqual(want);
  });

  it('codes carried in restored state win over the seed', () => {
    const first = new Harness([fwiRule], { localTime: athens });
    feedDay(first, 8, 11, hotDay);
    const carried = stationOf(first).codes;
    const h = new Harness([fwiRule], { localTime: athens, fwiStartCodes: { 'ws-polygyros': season } });
    h.state = h.engine.restore(JSON.parse(JSON.stringify(first.state))).state;
    // Day two from the carried start-of-season codes: high at most, far from the seed's extreme.
    expect(feedDay(h, 8, 12, hotDay)).not.toContain('raise Extreme');
    expect(stationOf(h).codes?.dc).toBeLessThan(100);
    expect(carried).not.toBeNull();
  });
});
