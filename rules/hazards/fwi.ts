/**
 * The Canadian Forest Fire Weather Index System, from the equations of Van Wagner & Pickett (1985),
 * "Equations and FORTRAN program for the Canadian Forest Fire Weather Index System", Forestry Technical
 * Report 33 (equation numbers in comments). Inputs are noon weather; see DOMAIN.md §3.
 */

export interface NoonWeather {
  /** Air temperature, °C. */
  readonly temperatureC: number;
  /** Relative humidity, %. */
  readonly humidityPct: number;
  /** Wind speed at 10 m, km/h. */
  readonly windKmh: number;
  /** Rain of the 24 h ending at noon, mm. */
  readonly rain24hMm: number;
}

/** The three fuel moisture codes carried from one day to the next. */
export interface MoistureCodes {
  readonly ffmc: number;
  readonly dmc: number;
  readonly dc: number;
}

export interface FireWeatherIndices extends MoistureCodes {
  readonly isi: number;
  readonly bui: number;
  readonly fwi: number;
}

/** Start-of-season values (Van Wagner & Pickett 1985, and DOMAIN.md §3). */
export const START_OF_SEASON_CODES: MoistureCodes = { ffmc: 85, dmc: 6, dc: 15 };

// DMC effective day length Le (hours) by month, per latitude band (Lawson & Armitage 2008, as in cffdrs).
const DMC_DAY_LENGTH_NORTH = [6.5, 7.5, 9.0, 12.8, 13.9, 13.9, 12.4, 10.9, 9.4, 8.0, 7.0, 6.0] as const;
const DMC_DAY_LENGTH_NORTH_TROPIC = [7.9, 8.4, 8.9, 9.5, 9.9, 10.2, 10.1, 9.7, 9.1, 8.6, 8.1, 7.8] as const;
const DMC_DAY_LENGTH_SOUTH_TROPIC = [10.1, 9.6, 9.1, 8.5, 8.1, 7.8, 7.9, 8.3, 8.9, 9.4, 9.9, 10.2] as const;
const DMC_DAY_LENGTH_SOUTH = [11.5, 10.5, 9.2, 7.9, 6.8, 6.2, 6.5, 7.4, 8.7, 10.0, 11.2, 11.8] as const;
const DMC_DAY_LENGTH_EQUATOR = 9;

// DC day-length adjustment Lf by month: the report's table for the north, mirrored for the south.
const DC_DAY_LENGTH_NORTH = [-1.6, -1.6, -1.6, 0.9, 3.8, 5.8, 6.4, 5.0, 2.4, 0.4, -1.6, -1.6] as const;
const DC_DAY_LENGTH_SOUTH = [6.4, 5.0, 2.4, 0.4, -1.6, -1.6, -1.6, -1.6, -1.6, 0.9, 3.8, 5.8] as const;
const DC_DAY_LENGTH_EQUATOR = 1.4;

function monthIndex(month: number): number {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`month must be 1..12, got ${month}`);
  return month - 1;
}

/** Le for the Duff Moisture Code; the report's table is the one for latitudes above 30°N. */
export function dmcDayLength(month: number, latitude: number): number {
  const i = monthIndex(month);
  let table: readonly number[];
  if (latitude > 30) table = DMC_DAY_LENGTH_NORTH;
  else if (latitude > 10) table = DMC_DAY_LENGTH_NORTH_TROPIC;
  else if (latitude > -10) return DMC_DAY_LENGTH_EQUATOR;
  else if (latitude > -30) table = DMC_DAY_LENGTH_SOUTH_TROPIC;
  else table = DMC_DAY_LENGTH_SOUTH;
  return table[i] ?? DMC_DAY_LENGTH_EQUATOR;
}

/** Lf for the Drought Code. */
export function dcDayLengthAdjustment(month: number, latitude: number): number {
  const i = monthIndex(month);
  if (latitude > 20) return DC_DAY_LENGTH_NORTH[i] ?? DC_DAY_LENGTH_EQUATOR;
  if (latitude <= -20) return DC_DAY_LENGTH_SOUTH[i] ?? DC_DAY_LENGTH_EQUATOR;
  return DC_DAY_LENGTH_EQUATOR;
}

function clampHumidity(h: number): number {
  return Math.min(100, Math.max(0, h));
}

/** Fine Fuel Moisture Code, equations 1–10. */
export function fineFuelMoistureCode(previousFfmc: number, w: NoonWeather): number {
  const t = w.temperatureC;
  const h = clampHumidity(w.humidityPct);
  const wind = Math.max(0, w.windKmh);
  const rain = Math.max(0, w.rain24hMm);

  let mo = (147.2 * (101 - previousFfmc)) / (59.5 + previousFfmc); // eq. 1
  if (rain > 0.5) {
    const rf = rain - 0.5; // eq. 2
    const wetting = 42.5 * rf * Math.exp(-100 / (251 - mo)) * (1 - Math.exp(-6.93 / rf)); // eq. 3a
    mo = mo > 150 ? mo + wetting + 0.0015 * (mo - 150) ** 2 * rf ** 0.5 : mo + wetting; // eq. 3b
    if (mo > 250) mo = 250;
  }

  const drying = 0.942 * h ** 0.679 + 11 * Math.exp((h - 100) / 10) + 0.18 * (21.1 - t) * (1 - Math.exp(-0.115 * h)); // eq. 4
  let m: number;
  if (mo > drying) {
    const ko = 0.424 * (1 - (h / 100) ** 1.7) + 0.0694 * wind ** 0.5 * (1 - (h / 100) ** 8); // eq. 6a
    const kd = ko * 0.581 * Math.exp(0.0365 * t); // eq. 6b
    m = drying + (mo - drying) * 10 ** -kd; // eq. 8
  } else {
    const wettingEq = 0.618 * h ** 0.753 + 10 * Math.exp((h - 100) / 10) + 0.18 * (21.1 - t) * (1 - Math.exp(-0.115 * h)); // eq. 5
    if (mo < wettingEq) {
      // The trap in DOMAIN.md §3: raise ((100 − H)/100) to the 8th power, then subtract from 1.
      const k1 = 0.424 * (1 - ((100 - h) / 100) ** 1.7) + 0.0694 * wind ** 0.5 * (1 - ((100 - h) / 100) ** 8); // eq. 7a
      const kw = k1 * 0.581 * Math.exp(0.0365 * t); // eq. 7b
      m = wettingEq - (wettingEq - mo) * 10 ** -kw; // eq. 9
    } else {
      m = mo;
    }
  }
  return (59.5 * (250 - m)) / (147.2 + m); // eq. 10
}

/** Duff Moisture Code, equations 11–16. */
export function duffMoistureCode(previousDmc: number, w: NoonWeather, month: number, latitude: number): number {
  const h = clampHumidity(w.humidityPct);
  const rain = Math.max(0, w.rain24hMm);
  let po = previousDmc;

  if (rain > 1.5) {
    const re = 0.92 * rain - 1.27; // eq. 11
    const mo = 20 + Math.exp(5.6348 - po / 43.43); // eq. 12
    let b: number; // eq. 13a–c
    if (po <= 33) b = 100 / (0.5 + 0.3 * po);
    else if (po <= 65) b = 14 - 1.3 * Math.log(po);
    else b = 6.2 * Math.log(po) - 17.2;
    const mr = mo + (1000 * re) / (48.77 + b * re); // eq. 14
    po = Math.max(0, 244.72 - 43.43 * Math.log(mr - 20)); // eq. 15
  }

  const t = Math.max(-1.1, w.temperatureC); // below −1.1 °C the duff does not dry
  const k = 1.894 * (t + 1.1) * (100 - h) * dmcDayLength(month, latitude) * 1e-6; // eq. 16
  return po + 100 * k;
}

/** Drought Code, equations 18–23. */
export function droughtCode(previousDc: number, w: NoonWeather, month: number, latitude: number): number {
  const rain = Math.max(0, w.rain24hMm);
  let d0 = previousDc;

  if (rain > 2.8) {
    const rd = 0.83 * rain - 1.27; // eq. 18
    const q0 = 800 * Math.exp(-d0 / 400); // eq. 19
    const qr = q0 + 3.937 * rd; // eq. 20
    d0 = Math.max(0, 400 * Math.log(800 / qr)); // eq. 21
  }

  const t = Math.max(-2.8, w.temperatureC);
  const v = Math.max(0, 0.36 * (t + 2.8) + dcDayLengthAdjustment(month, latitude)); // eq. 22
  return d0 + 0.5 * v; // eq. 23
}

/** Initial Spread Index, equations 24–26. */
export function initialSpreadIndex(ffmc: number, windKmh: number): number {
  const m = (147.2 * (101 - ffmc)) / (59.5 + ffmc); // eq. 1
  const fw = Math.exp(0.05039 * Math.max(0, windKmh)); // eq. 24
  const ff = 91.9 * Math.exp(-0.1386 * m) * (1 + m ** 5.31 / 4.93e7); // eq. 25
  return 0.208 * fw * ff; // eq. 26
}

/** Buildup Index, equations 27a–b. */
export function buildupIndex(dmc: number, dc: number): number {
  if (dmc <= 0 && dc <= 0) return 0;
  const u =
    dmc <= 0.4 * dc
      ? (0.8 * dmc * dc) / (dmc + 0.4 * dc)
      : dmc - (1 - (0.8 * dc) / (dmc + 0.4 * dc)) * (0.92 + (0.0114 * dmc) ** 1.7);
  return Math.max(0, u);
}

/** Fire Weather Index, equations 28–30. */
export function fireWeatherIndex(isi: number, bui: number): number {
  const fd = bui <= 80 ? 0.626 * bui ** 0.809 + 2 : 1000 / (25 + 108.64 * Math.exp(-0.023 * bui)); // eq. 28a–b
  const b = 0.1 * isi * fd; // eq. 29
  return b > 1 ? Math.exp(2.72 * (0.434 * Math.log(b)) ** 0.647) : b; // eq. 30a–b
}

/** One day of the system: yesterday's codes and today's noon weather give today's codes and indices. */
export function computeFireWeatherDay(
  previous: MoistureCodes,
  weather: NoonWeather,
  month: number,
  latitude: number,
): FireWeatherIndices {
  const ffmc = fineFuelMoistureCode(previous.ffmc, weather);
  const dmc = duffMoistureCode(previous.dmc, weather, month, latitude);
  const dc = droughtCode(previous.dc, weather, month, latitude);
  const isi = initialSpreadIndex(ffmc, weather.windKmh);
  const bui = buildupIndex(dmc, dc);
  return { ffmc, dmc, dc, isi, bui, fwi: fireWeatherIndex(isi, bui) };
}

export const EFFIS_DANGER_CLASSES = ['very_low', 'low', 'moderate', 'high', 'very_high', 'extreme'] as const;
export type EffisDangerClass = (typeof EFFIS_DANGER_CLASSES)[number];

/** EFFIS fire danger class for an FWI value (DOMAIN.md §3); a bound belongs to the class above it. */
export function effisDangerClass(fwi: number): EffisDangerClass {
  if (fwi < 5.2) return 'very_low';
  if (fwi < 11.2) return 'low';
  if (fwi < 21.3) return 'moderate';
  if (fwi < 38.0) return 'high';
  if (fwi < 50.0) return 'very_high';
  return 'extreme';
}
