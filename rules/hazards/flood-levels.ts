/** IMGW hydrological warning degrees from a gauge's own levels (DOMAIN.md §2). */

/** The water authority's levels for one gauge, from the sensor's registry record. */
export interface GaugeLevels {
  /** Stan ostrzegawczy: flood readiness is declared. */
  readonly warningLevelCm: number;
  /** Stan alarmowy: water threatens built-up areas. */
  readonly alarmLevelCm: number;
}

/** 0 = none; 1 = rapid rise; 2 = above warning level and rising; 3 = above alarm level and rising. */
export type ImgwWarningDegree = 0 | 1 | 2 | 3;

export interface GaugeObservation {
  readonly levelCm: number;
  /** Rate of change, cm/h; NaN when the trend is not known yet. */
  readonly rateCmPerHour: number;
}

export interface ImgwOptions {
  /** A rise at least this fast is degree 1 on its own; IMGW publishes no figure, so the rule set picks one. */
  readonly rapidRiseCmPerHour: number;
  /** The smallest rate that counts as rising (level noise must not). */
  readonly minRiseCmPerHour: number;
}

/** Whether the level is going up; an unknown trend counts as rising, because a late warning costs more than an early one. */
export function isRising(rateCmPerHour: number, minRiseCmPerHour: number): boolean {
  return Number.isNaN(rateCmPerHour) || rateCmPerHour >= minRiseCmPerHour;
}

/** How high the water stands against the gauge's levels, ignoring the trend. */
export function levelBand(levelCm: number, levels: GaugeLevels): 'below_warning' | 'warning' | 'alarm' {
  if (levelCm >= levels.alarmLevelCm) return 'alarm';
  if (levelCm >= levels.warningLevelCm) return 'warning';
  return 'below_warning';
}

export function imgwWarningDegree(obs: GaugeObservation, levels: GaugeLevels, options: ImgwOptions): ImgwWarningDegree {
  const band = levelBand(obs.levelCm, levels);
  if (isRising(obs.rateCmPerHour, options.minRiseCmPerHour)) {
    if (band === 'alarm') return 3;
    if (band === 'warning') return 2;
  }
  if (!Number.isNaN(obs.rateCmPerHour) && obs.rateCmPerHour >= options.rapidRiseCmPerHour) return 1;
  return 0;
}
