import type { SensorKind } from '../../../server/contracts/registry.ts';
import { lerpBearingDeg, normaliseDeg, type LatLon } from '../geo/local-geometry.ts';
import { layeredNoise, smoothNoise } from '../random/smooth-noise.ts';
import { unitFromKey } from '../random/seeded-random.ts';
import type { WeatherSettings } from '../scenario/scenario-schema.ts';
import { MS } from '../time/relative-time.ts';
import { daylightHours, monthOf, solarHour } from '../time/solar-time.ts';
import { monthlyNormal, siteOffsets, type DayClimate, type SiteOffsets } from './climate-normals.ts';
import { afternoonWeight, dewPointC, relativeHumidityPct, temperatureCurve } from './daily-cycle.ts';
import type { RainField } from './rain-field.ts';
import { stormEnvelope, stormInfluence, type Storm } from './storm.ts';

export interface WeatherSite extends LatLon {
  readonly id: string;
  readonly kind: SensorKind;
}

/** The air at a site at one instant, before any sensor rounds it. */
export interface WeatherSample {
  readonly temperatureC: number;
  readonly humidityPct: number;
  readonly windKmh: number;
  readonly gustKmh: number;
  readonly windFromDeg: number;
  readonly pressureHpa: number;
  readonly rainRateMmH: number;
}

/**
 * Weather at any site and time as a pure function: the month's climate (or the scenario's day), the daily
 * cycle in solar time, seeded drift, site offsets, and the storms passing over.
 */
export class WeatherModel {
  readonly #regionId: string;
  readonly #settings: WeatherSettings;
  readonly #storms: readonly Storm[];
  readonly #rain: RainField;
  readonly #seed: number;
  readonly #sites = new Map<string, SiteOffsets>();

  constructor(regionId: string, settings: WeatherSettings, storms: readonly Storm[], rain: RainField, seed: number) {
    this.#regionId = regionId;
    this.#settings = settings;
    this.#storms = storms;
    this.#rain = rain;
    this.#seed = seed;
  }

  get rain(): RainField {
    return this.#rain;
  }

  /** The day's climate: the month's normals with the scenario's overrides on top. */
  climate(atMs: number): DayClimate {
    const normal = monthlyNormal(this.#regionId, monthOf(atMs));
    const s = this.#settings;
    return {
      tempMinC: s.tempMinC ?? normal.tempMinC,
      tempMaxC: s.tempMaxC ?? normal.tempMaxC,
      rhAtMaxTempPct: s.rhAtMaxTempPct ?? normal.rhAtMaxTempPct,
      rhMaxPct: s.rhMaxPct ?? normal.rhMaxPct,
      windNightKmh: s.windNightKmh ?? normal.windNightKmh,
      windAfternoonKmh: s.windAfternoonKmh ?? normal.windAfternoonKmh,
      windNightFromDeg: s.windNightFromDeg ?? normal.windNightFromDeg,
      windAfternoonFromDeg: s.windAfternoonFromDeg ?? normal.windAfternoonFromDeg,
      pressureHpa: s.pressureHpa ?? normal.pressureHpa,
    };
  }

  #offsets(site: WeatherSite): SiteOffsets {
    let offsets = this.#sites.get(site.id);
    if (offsets === undefined) {
      offsets = siteOffsets(site.id, site.kind, this.#settings.sites?.[site.id]);
      this.#sites.set(site.id, offsets);
    }
    return offsets;
  }

  at(site: WeatherSite, atMs: number): WeatherSample {
    const seed = this.#seed;
    const c = this.climate(atMs);
    const offsets = this.#offsets(site);
    const hour = solarHour(atMs, site.lon);
    const { sunrise } = daylightHours(site.lat, atMs);

    // Region-wide day-to-day drift, then a small fixed microclimate and a short-period wobble per site.
    const dayDrift = (this.#settings.dayToDayC ?? 1) * smoothNoise(atMs / MS.d, seed, 'day-temp');
    const micro = (unitFromKey(seed, 'micro', site.id) - 0.5) * 0.8;
    const wobble = 0.35 * layeredNoise(atMs / (20 * MS.m), seed, 'temp', site.id);
    const dryTempC = c.tempMinC + (c.tempMaxC - c.tempMinC) * temperatureCurve(hour, sunrise);

    let storm = 0;
    let stormWind = 0;
    let stormGust = 0;
    let stormFrom = c.windAfternoonFromDeg;
    let tempDrop = 0;
    let pressureDrop = 0;
    for (const s of this.#storms) {
      const e = stormEnvelope(s, site, atMs);
      const influence = stormInfluence(s, site, atMs);
      storm = Math.max(storm, Math.max(e, influence * 0.6));
      if (influence * s.windKmh > stormWind) {
        stormWind = influence * s.windKmh;
        stormGust = influence * s.gustKmh;
        stormFrom = s.windFromDeg;
      }
      tempDrop += s.tempDropC * Math.max(e, influence * 0.7);
      pressureDrop += s.pressureDropHpa * influence;
    }

    const temperatureC = dryTempC + dayDrift + offsets.tempOffsetC + micro + wobble - tempDrop;
    // Dry days keep their moisture (dew point) through the day; RH follows the temperature.
    const dew = dewPointC(c.tempMaxC + dayDrift, c.rhAtMaxTempPct);
    const dryRh = relativeHumidityPct(temperatureC, dew) + offsets.rhOffsetPct + 2 * layeredNoise(atMs / (30 * MS.m), seed, 'rh', site.id);
    const wetRh = 97;
    const humidityPct = clamp(dryRh + (wetRh - dryRh) * storm, 3, Math.max(c.rhMaxPct, storm > 0.5 ? wetRh : 0));

    const afternoon = afternoonWeight(hour);
    const gustiness = layeredNoise(atMs / (10 * MS.m), seed, 'wind', site.id);
    const fairWind = (c.windNightKmh + (c.windAfternoonKmh - c.windNightKmh) * afternoon) * (1 + 0.22 * gustiness);
    const fairFrom = lerpBearingDeg(c.windNightFromDeg, c.windAfternoonFromDeg, afternoon);
    const stormShare = stormWind > 0 ? clamp(stormWind / Math.max(fairWind + stormWind, 1), 0, 1) : 0;
    const windKmh = Math.max(0, Math.max(fairWind, stormWind * (1 + 0.2 * gustiness)) * offsets.windFactor);
    const windFromDeg = normaliseDeg(
      lerpBearingDeg(fairFrom, stormFrom, stormShare) + 18 * layeredNoise(atMs / (15 * MS.m), seed, 'dir', site.id),
    );
    const gustRatio = 1.35 + 0.25 * Math.abs(layeredNoise(atMs / (5 * MS.m), seed, 'gust', site.id));
    const gustKmh = Math.max(windKmh * gustRatio + 2, stormGust * offsets.windFactor * (0.85 + 0.15 * gustiness));

    // Semi-diurnal atmospheric tide (peaks near 10:00 and 22:00) and a slow synoptic drift.
    const tide = 0.8 * Math.cos((2 * Math.PI * (hour - 10)) / 12);
    const synoptic = 4 * smoothNoise(atMs / (2 * MS.d), seed, 'pressure');
    const pressureHpa = c.pressureHpa + tide + synoptic - pressureDrop;

    return {
      temperatureC,
      humidityPct,
      windKmh,
      gustKmh,
      windFromDeg,
      pressureHpa,
      rainRateMmH: this.#rain.rateMmH(site, atMs),
    };
  }
}

function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x));
}
