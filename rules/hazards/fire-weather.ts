/** Same-day fire-weather indicators operators know by heart (DOMAIN.md §3). */

export interface FireWeatherObservation {
  readonly temperatureC: number;
  readonly humidityPct: number;
  readonly windKmh: number;
}

export interface ThirtyThirtyThirtyLimits {
  readonly minTemperatureC: number;
  readonly maxHumidityPct: number;
  readonly minWindKmh: number;
}

export const THIRTY_THIRTY_THIRTY: ThirtyThirtyThirtyLimits = { minTemperatureC: 30, maxHumidityPct: 30, minWindKmh: 30 };

/** The 30-30-30 rule: temperature ≥ 30 °C, humidity ≤ 30 % and wind ≥ 30 km/h, all at once. */
export function isThirtyThirtyThirty(
  w: FireWeatherObservation,
  limits: ThirtyThirtyThirtyLimits = THIRTY_THIRTY_THIRTY,
): boolean {
  return w.temperatureC >= limits.minTemperatureC && w.humidityPct <= limits.maxHumidityPct && w.windKmh >= limits.minWindKmh;
}

/** Angström index I = RH/20 + (27 − T)/10. */
export function angstromIndex(temperatureC: number, humidityPct: number): number {
  return humidityPct / 20 + (27 - temperatureC) / 10;
}

/** Below 2 a fire is very likely (DOMAIN.md §3); other published bands are not confirmed there, so none here. */
export const ANGSTROM_FIRE_VERY_LIKELY_BELOW = 2;
