import type { SensorKind } from '../../../server/contracts/registry.ts';

/**
 * A typical day of each month at a region's reference site (the town), from which scenarios start before
 * they override what makes their day special. Values are rounded climatology, good for plausibility,
 * not for statistics:
 *  - Polygyros (Chalkidiki, ~500 m): Mediterranean; hot dry summers with a northerly meltemi at night and an
 *    afternoon sea breeze from the south-west (the Kassandra gulf), mild wet winters.
 *  - Siechnice (Wrocław area): central European; westerly winds.
 */
export interface DayClimate {
  readonly tempMinC: number;
  readonly tempMaxC: number;
  readonly rhAtMaxTempPct: number;
  readonly rhMaxPct: number;
  readonly windNightKmh: number;
  readonly windAfternoonKmh: number;
  readonly windNightFromDeg: number;
  readonly windAfternoonFromDeg: number;
  readonly pressureHpa: number;
}

type MonthRow = readonly [tMin: number, tMax: number, rhAtMax: number, windNight: number, windAfternoon: number, nightFrom: number, afternoonFrom: number];

function months(rows: readonly MonthRow[], rhMaxPct: number, pressureHpa: number): readonly DayClimate[] {
  return rows.map(([tempMinC, tempMaxC, rhAtMaxTempPct, windNightKmh, windAfternoonKmh, windNightFromDeg, windAfternoonFromDeg]) => ({
    tempMinC,
    tempMaxC,
    rhAtMaxTempPct,
    rhMaxPct,
    windNightKmh,
    windAfternoonKmh,
    windNightFromDeg,
    windAfternoonFromDeg,
    pressureHpa,
  }));
}

const CHALKIDIKI = months(
  [
    [2, 11, 62, 8, 14, 20, 30],
    [3, 12, 58, 8, 15, 20, 30],
    [5, 15, 55, 7, 15, 30, 200],
    [8, 19, 50, 6, 14, 30, 200],
    [13, 25, 45, 5, 13, 30, 210],
    [17, 30, 38, 6, 15, 20, 210],
    [20, 33, 32, 8, 18, 20, 210],
    [20, 33, 32, 8, 18, 20, 210],
    [16, 28, 40, 7, 14, 20, 200],
    [12, 22, 50, 7, 13, 20, 30],
    [7, 16, 58, 8, 14, 20, 30],
    [4, 12, 62, 8, 14, 20, 30],
  ],
  92,
  1015,
);

const LOWER_SILESIA = months(
  [
    [-3, 2, 80, 12, 16, 250, 260],
    [-3, 4, 74, 12, 16, 250, 260],
    [0, 9, 64, 12, 17, 260, 270],
    [4, 15, 52, 10, 16, 270, 280],
    [9, 20, 50, 8, 14, 270, 290],
    [12, 23, 52, 8, 13, 270, 290],
    [14, 25, 50, 7, 13, 270, 290],
    [13, 25, 50, 7, 12, 260, 280],
    [10, 19, 56, 8, 13, 250, 260],
    [6, 14, 66, 9, 14, 240, 250],
    [2, 7, 78, 11, 15, 240, 250],
    [-1, 3, 82, 12, 16, 250, 260],
  ],
  96,
  1016,
);

/** A region without its own table gets a mild temperate climate. */
const TEMPERATE = months(
  Array.from({ length: 12 }, (_, i): MonthRow => {
    const season = -Math.cos(((i + 0.5) / 12) * 2 * Math.PI);
    return [6 + 8 * season, 14 + 10 * season, 55, 8, 14, 270, 270];
  }),
  92,
  1015,
);

const NORMALS: Readonly<Record<string, readonly DayClimate[]>> = {
  polygyros: CHALKIDIKI,
  siechnice: LOWER_SILESIA,
};

export function monthlyNormal(regionId: string, month: number): DayClimate {
  const table = NORMALS[regionId] ?? TEMPERATE;
  return table[(month - 1 + 12) % 12] ?? (TEMPERATE[0] as DayClimate);
}

export interface SiteOffsets {
  readonly tempOffsetC: number;
  readonly rhOffsetPct: number;
  readonly windFactor: number;
}

/** Known sites that differ from the reference: mountain villages are cooler and windier. */
const SITES: Readonly<Record<string, Partial<SiteOffsets>>> = {
  'ws-taxiarchis': { tempOffsetC: -1.8, rhOffsetPct: 4, windFactor: 1.15 },
  'ws-galatista': { tempOffsetC: 0.4, rhOffsetPct: -2, windFactor: 0.95 },
};

/** Tree-mounted fire sensors sit under the canopy of the Cholomontas forest: shade and moisture. */
const BY_KIND: Readonly<Record<SensorKind, Partial<SiteOffsets>>> = {
  weather_station: {},
  water_level_gauge: { rhOffsetPct: 5 },
  fire_sensor: { tempOffsetC: -2.5, rhOffsetPct: 8, windFactor: 0.5 },
};

export function siteOffsets(sensorId: string, kind: SensorKind, override?: { readonly [K in keyof SiteOffsets]?: number | undefined }): SiteOffsets {
  const merged = { ...BY_KIND[kind], ...SITES[sensorId], ...stripUndefined(override ?? {}) };
  return {
    tempOffsetC: merged.tempOffsetC ?? 0,
    rhOffsetPct: merged.rhOffsetPct ?? 0,
    windFactor: merged.windFactor ?? 1,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
