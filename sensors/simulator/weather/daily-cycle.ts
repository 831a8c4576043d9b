/**
 * The shape of a fair-weather day: temperature lowest at sunrise and highest mid-afternoon (solar time),
 * wind strongest in the afternoon when the ground is hottest (sea breeze, valley winds).
 */

export const AFTERNOON_PEAK_HOUR = 14.5;

/** 0 at the minimum (sunrise), 1 at the afternoon maximum; cosine-shaped on both sides. */
export function temperatureCurve(solarHour: number, sunriseHour: number): number {
  const rise = AFTERNOON_PEAK_HOUR - sunriseHour;
  const h = solarHour < sunriseHour ? solarHour + 24 : solarHour;
  if (h <= AFTERNOON_PEAK_HOUR) return (1 - Math.cos((Math.PI * (h - sunriseHour)) / rise)) / 2;
  return (1 + Math.cos((Math.PI * (h - AFTERNOON_PEAK_HOUR)) / (24 - rise))) / 2;
}

/** 1 around mid-afternoon, fading to 0 over the night: how much of the afternoon wind regime applies. */
export function afternoonWeight(solarHour: number): number {
  const d = Math.min(Math.abs(solarHour - 15), 24 - Math.abs(solarHour - 15));
  return Math.exp(-((d / 3.5) ** 2));
}

/** Magnus formula (Alduchov & Eskridge): saturation vapour pressure, hPa. */
export function saturationVapourPressureHpa(tempC: number): number {
  return 6.1094 * Math.exp((17.625 * tempC) / (tempC + 243.04));
}

/** The dew point that gives `rhPct` at `tempC`. */
export function dewPointC(tempC: number, rhPct: number): number {
  const gamma = Math.log(Math.max(rhPct, 1) / 100) + (17.625 * tempC) / (243.04 + tempC);
  return (243.04 * gamma) / (17.625 - gamma);
}

export function relativeHumidityPct(tempC: number, dewC: number): number {
  return (100 * saturationVapourPressureHpa(dewC)) / saturationVapourPressureHpa(tempC);
}
