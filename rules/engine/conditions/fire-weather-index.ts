/**
 * The Canadian Fire Weather Index per weather station, once a day from the reading nearest local noon,
 * with rain summed over the 24 h before it and the moisture codes carried from day to day in state;
 * the EFFIS danger class picks the severity (DOMAIN.md §3).
 *
 * A day is decided on a reading at noon or the first one after it (the nearest of that reading and the
 * last one before noon), or, when the station was silent over noon, on its first reading of a later day.
 */
import { z } from 'zod';
import { CAP_SEVERITIES, compareSeverity } from '../cap-vocabulary.ts';
import type { CapSeverity } from '../cap-vocabulary.ts';
import { DurationSchema } from '../duration.ts';
import { isoDateOfDay, localDayOf, localNoonOf, monthOfDay } from '../local-time.ts';
import type { LocalTime } from '../local-time.ts';
import { setVerdict } from '../verdict.ts';
import {
  computeFireWeatherDay,
  EFFIS_DANGER_CLASSES,
  effisDangerClass,
  START_OF_SEASON_CODES,
} from '../../hazards/fwi.ts';
import type { EffisDangerClass, MoistureCodes } from '../../hazards/fwi.ts';
import { formatNumber, sensorLabel } from './sensor-condition.ts';
import type { BindContext, SensorCondition } from './sensor-condition.ts';

const SeveritySchema = z.enum(CAP_SEVERITIES);

const ALERTING_CLASSES = ['moderate', 'high', 'very_high', 'extreme'] as const;

export const FireWeatherIndexConditionSchema = z.strictObject({
  kind: z.literal('fire_weather_index'),
  /** Severity per EFFIS class; a class left out raises nothing. */
  severities: z
    .strictObject({
      moderate: SeveritySchema.optional(),
      high: SeveritySchema.optional(),
      very_high: SeveritySchema.optional(),
      extreme: SeveritySchema.optional(),
    })
    .default({ high: 'Moderate', very_high: 'Severe', extreme: 'Extreme' })
    .superRefine((s, ctx) => {
      let previous: CapSeverity | undefined;
      for (const cls of ALERTING_CLASSES) {
        const sev = s[cls];
        if (sev === undefined) continue;
        if (previous !== undefined && compareSeverity(sev, previous) < 0) {
          ctx.addIssue({ code: 'custom', path: [cls], message: 'a higher danger class must not have a lower severity' });
        }
        previous = sev;
      }
    }),
  /** The reading used for a day must be at most this far from local noon; otherwise the day is skipped. */
  noonTolerance: DurationSchema.default(3 * 3600),
  /**
   * Codes a station starts from when the engine has none for it: the start-of-season codes by default.
   * A deployment starting mid-season sets the season's current codes here, or per station through the
   * engine's `fwiStartCodes` option (which wins over these).
   */
  startCodes: z
    .strictObject({ ffmc: z.number().min(0).max(101), dmc: z.number().min(0), dc: z.number().min(0) })
    .default(START_OF_SEASON_CODES),
});
export type FireWeatherIndexCondition = z.infer<typeof FireWeatherIndexConditionSchema>;

const NoonCandidateSchema = z.strictObject({
  t: z.number(),
  temperatureC: z.number(),
  humidityPct: z.number(),
  windKmh: z.number(),
});
type NoonCandidate = z.infer<typeof NoonCandidateSchema>;

const FireWeatherDaySchema = z.strictObject({
  day: z.string(),
  /** Time of the reading used as the day's noon weather. */
  noonReadingAt: z.number(),
  temperatureC: z.number(),
  humidityPct: z.number(),
  windKmh: z.number(),
  rain24hMm: z.number(),
  ffmc: z.number(),
  dmc: z.number(),
  dc: z.number(),
  isi: z.number(),
  bui: z.number(),
  fwi: z.number(),
  dangerClass: z.enum(EFFIS_DANGER_CLASSES),
});
export type FireWeatherDay = z.infer<typeof FireWeatherDaySchema>;

export const FireWeatherStationSchema = z.strictObject({
  /** Codes after the newest computed day; null before the first. */
  codes: z.strictObject({ ffmc: z.number(), dmc: z.number(), dc: z.number() }).nullable(),
  /** The newest local day decided (computed or skipped), days since 1970-01-01. */
  decidedDay: z.number().nullable(),
  /** Local day of `beforeNoon`. */
  day: z.number().nullable(),
  /** The newest reading before noon of `day`. */
  beforeNoon: NoonCandidateSchema.nullable(),
  /** Rain since the newest computed day's noon, mm. */
  rainMm: z.number(),
  last: FireWeatherDaySchema.nullable(),
});
export type FireWeatherStation = z.infer<typeof FireWeatherStationSchema>;

function createStation(): FireWeatherStation {
  return { codes: null, decidedDay: null, day: null, beforeNoon: null, rainMm: 0, last: null };
}

const CLASS_FLOOR: Readonly<Record<EffisDangerClass, number>> = {
  very_low: 0,
  low: 5.2,
  moderate: 11.2,
  high: 21.3,
  very_high: 38.0,
  extreme: 50.0,
};

/** Computes (or skips) a day from its noon candidate; true when computed. */
function decideDay(
  c: FireWeatherIndexCondition,
  seed: MoistureCodes | undefined,
  station: FireWeatherStation,
  day: number,
  candidate: NoonCandidate,
  latitude: number,
  localTime: LocalTime,
): boolean {
  station.decidedDay = day;
  if (Math.abs(candidate.t - localNoonOf(day, localTime)) > c.noonTolerance * 1000) return false;
  const weather = {
    temperatureC: candidate.temperatureC,
    humidityPct: candidate.humidityPct,
    windKmh: candidate.windKmh,
    rain24hMm: station.rainMm,
  };
  const r = computeFireWeatherDay(station.codes ?? seed ?? c.startCodes, weather, monthOfDay(day), latitude);
  station.codes = { ffmc: r.ffmc, dmc: r.dmc, dc: r.dc };
  station.last = {
    day: isoDateOfDay(day),
    noonReadingAt: candidate.t,
    temperatureC: weather.temperatureC,
    humidityPct: weather.humidityPct,
    windKmh: weather.windKmh,
    rain24hMm: weather.rain24hMm,
    ...r,
    dangerClass: effisDangerClass(r.fwi),
  };
  station.rainMm = 0;
  return true;
}

export function bindFireWeatherIndex(c: FireWeatherIndexCondition, ctx: BindContext): SensorCondition<FireWeatherStation> {
  const afterNoon: NoonCandidate = { t: 0, temperatureC: 0, humidityPct: 0, windKmh: 0 };
  return {
    unit: '',
    peakMode: 'max',
    stateless: false,
    dataSchema: FireWeatherStationSchema,
    initData: createStation,
    evaluate(reading, sensor, t, station, out) {
      if (station === null) return false;
      const m = reading.metrics;
      const temperatureC = m.air_temperature_c;
      const humidityPct = m.relative_humidity_pct;
      const windKmh = m.wind_speed_kmh;
      const rain = Math.max(0, m.rain_mm ?? 0);
      const hasWeather = temperatureC !== undefined && humidityPct !== undefined && windKmh !== undefined;
      if (!hasWeather && m.rain_mm === undefined) return false;

      const day = localDayOf(t, ctx.localTime);
      let computed = false;
      if (station.day !== null && station.day !== day) {
        // The station was silent over that day's noon: decide it from its last morning reading.
        if (station.decidedDay !== station.day && station.beforeNoon !== null && station.day < day) {
          computed = decideDay(c, ctx.fwiStartCodes?.[sensor.id], station, station.day, station.beforeNoon, sensor.lat, ctx.localTime);
        }
        station.beforeNoon = null;
      }
      station.day = day;

      const noon = localNoonOf(day, ctx.localTime);
      if (t <= noon) {
        // A report at noon closes the 24 h: its rain (since the previous report) belongs to today.
        station.rainMm += rain;
        if (hasWeather) {
          if (station.beforeNoon === null) station.beforeNoon = { t, temperatureC, humidityPct, windKmh };
          else {
            station.beforeNoon.t = t;
            station.beforeNoon.temperatureC = temperatureC;
            station.beforeNoon.humidityPct = humidityPct;
            station.beforeNoon.windKmh = windKmh;
          }
          if (t === noon && station.decidedDay !== day) {
            computed = decideDay(c, ctx.fwiStartCodes?.[sensor.id], station, day, station.beforeNoon, sensor.lat, ctx.localTime) || computed;
          }
        }
      } else {
        if (station.decidedDay !== day && hasWeather) {
          const before = station.beforeNoon;
          let candidate: NoonCandidate = afterNoon;
          if (before !== null && noon - before.t <= t - noon) candidate = before;
          else {
            afterNoon.t = t;
            afterNoon.temperatureC = temperatureC;
            afterNoon.humidityPct = humidityPct;
            afterNoon.windKmh = windKmh;
          }
          computed = decideDay(c, ctx.fwiStartCodes?.[sensor.id], station, day, candidate, sensor.lat, ctx.localTime) || computed;
        }
        // Rain reported after noon belongs to the next day's 24 h.
        station.rainMm += rain;
      }

      const last = station.last;
      if (!computed || last === null) return false;
      const severity = last.dangerClass === 'very_low' || last.dangerClass === 'low' ? undefined : c.severities[last.dangerClass];
      const fwi = Math.round(last.fwi * 10) / 10;
      if (severity === undefined) setVerdict(out, 'clear', ctx.severity, fwi, CLASS_FLOOR[last.dangerClass]);
      else setVerdict(out, 'fire', severity, fwi, CLASS_FLOOR[last.dangerClass]);
      return true;
    },
    describe({ kind, sensor, data }) {
      const d = data?.last;
      if (d === null || d === undefined) return `Fire Weather Index at ${sensorLabel(sensor)}.`;
      const danger = d.dangerClass.replace('_', ' ');
      const head = `Fire Weather Index at ${sensorLabel(sensor)} for ${d.day} is ${formatNumber(d.fwi)} (EFFIS ${danger})`;
      const inputs = `noon weather ${formatNumber(d.temperatureC)} °C, ${formatNumber(d.humidityPct)} % RH, wind ${formatNumber(d.windKmh)} km/h, 24 h rain ${formatNumber(d.rain24hMm)} mm`;
      const codes = `FFMC ${formatNumber(d.ffmc)}, DMC ${formatNumber(d.dmc)}, DC ${formatNumber(d.dc)}, ISI ${formatNumber(d.isi)}, BUI ${formatNumber(d.bui)}`;
      return kind === 'clear' ? `${head}; the danger has eased (${inputs}).` : `${head}, from ${inputs}; ${codes}.`;
    },
  };
}
