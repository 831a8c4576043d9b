import type { Sensor } from '../../../server/contracts/registry.ts';
import type { GaugeModel } from '../scenario/scenario-schema.ts';
import { MS, parseDurationMs } from '../time/relative-time.ts';
import type { RainField } from '../weather/rain-field.ts';
import { GridSeries } from '../world/grid-series.ts';
import { fitRatingCurve, levelCm, type RatingCurve } from './rating-curve.ts';
import { attenuationWeights, floodWaveShape, unitHydrographWeights } from './unit-hydrograph.ts';

/** A flood wave entering the simulated reach at a gauge (rain fell upstream, outside the region). */
export interface FloodWave {
  readonly sensorId: string;
  readonly peakMs: number;
  readonly peakFlowM3s: number;
  readonly riseMs: number;
  readonly fallMs: number;
}

interface ResolvedGauge {
  readonly sensor: Sensor;
  readonly baseFlowM3s: number;
  readonly catchmentKm2: number;
  readonly rating: RatingCurve;
  readonly uh: readonly number[];
  readonly upstream: readonly { sensorId: string; travelMs: number; weights: { offsetMs: number; weight: number }[]; share: number }[];
  readonly reportsFlow: boolean;
  readonly noiseCm: number;
}

const GRID_MS = 5 * MS.m;
const ANTECEDENT_MS = 48 * MS.h;

/** Defaults for a gauge the scenario says nothing about: a small stream, low in its bed. */
function defaultModel(sensor: Sensor): GaugeModel {
  return {
    baseFlowM3s: 0.4,
    baseCm: sensor.levels ? Math.round(sensor.levels.warningLevelCm * 0.25) : 40,
    catchmentKm2: 20,
    lag: '60m',
    alarmAtFlowM3s: 60,
  };
}

/**
 * Dry soil soaks up the first rain; wet soil sheds most of it. Share of rain that runs off, from the rain
 * of the last 48 hours.
 */
export function runoffCoefficient(antecedentRainMm: number): number {
  return 0.15 + 0.55 * Math.min(1, Math.max(0, (antecedentRainMm - 10) / 60));
}

/**
 * Streams and rivers: each gauge's flow is its base flow, plus its catchment's runoff (rain through a unit
 * hydrograph), plus water from upstream gauges after their travel time, plus any flood wave entering
 * there. The level comes from the flow through the gauge's rating curve.
 */
export class RiverNetwork {
  readonly #gauges = new Map<string, ResolvedGauge>();
  readonly #flows = new Map<string, GridSeries>();
  readonly #effective = new Map<string, GridSeries>();
  readonly #waves: readonly FloodWave[];
  readonly #rain: RainField;
  readonly #originMs: number;

  constructor(sensors: readonly Sensor[], models: Readonly<Record<string, GaugeModel>>, waves: readonly FloodWave[], rain: RainField, startMs: number) {
    this.#waves = waves;
    this.#rain = rain;
    this.#originMs = Math.min(startMs - 2 * MS.d, ...waves.map((w) => w.peakMs - w.riseMs - MS.d));
    for (const sensor of sensors) {
      if (sensor.kind !== 'water_level_gauge') continue;
      this.#gauges.set(sensor.id, resolve(sensor, models[sensor.id] ?? defaultModel(sensor)));
    }
  }

  has(sensorId: string): boolean {
    return this.#gauges.has(sensorId);
  }

  reportsFlow(sensorId: string): boolean {
    return this.#gauges.get(sensorId)?.reportsFlow ?? false;
  }

  noiseCm(sensorId: string): number {
    return this.#gauges.get(sensorId)?.noiseCm ?? 1;
  }

  /** Flow at the gauge, m³/s. */
  flowM3s(sensorId: string, atMs: number): number {
    const gauge = this.#gauges.get(sensorId);
    if (gauge === undefined) return 0;
    return this.#flowSeries(gauge).at(atMs);
  }

  /** Water level above the gauge zero, cm, without measurement noise. */
  levelCm(sensorId: string, atMs: number): number {
    const gauge = this.#gauges.get(sensorId);
    if (gauge === undefined) return 0;
    return levelCm(gauge.rating, this.flowM3s(sensorId, atMs));
  }

  #flowSeries(gauge: ResolvedGauge): GridSeries {
    let series = this.#flows.get(gauge.sensor.id);
    if (series !== undefined) return series;
    const effective = this.#effectiveRain(gauge);
    const waves = this.#waves.filter((w) => w.sensorId === gauge.sensor.id);
    const toM3s = gauge.catchmentKm2 / 3.6; // 1 mm/h over 1 km² is 1/3.6 m³/s
    series = new GridSeries(this.#originMs, GRID_MS, (index, at) => {
      let flow = gauge.baseFlowM3s;
      if (effective !== null && toM3s > 0) {
        let runoff = 0;
        gauge.uh.forEach((w, j) => {
          runoff += w * effective.atIndex(index - j);
        });
        flow += runoff * toM3s;
      }
      for (const link of gauge.upstream) {
        const up = this.#gauges.get(link.sensorId);
        if (up === undefined) continue;
        let excess = 0;
        for (const { offsetMs, weight } of link.weights) excess += weight * (this.flowM3s(up.sensor.id, at - link.travelMs + offsetMs) - up.baseFlowM3s);
        flow += link.share * excess;
      }
      for (const wave of waves) {
        flow += (wave.peakFlowM3s - gauge.baseFlowM3s) * floodWaveShape(at, wave.peakMs, wave.riseMs, wave.fallMs);
      }
      return flow;
    });
    this.#flows.set(gauge.sensor.id, series);
    return series;
  }

  /** Rain that runs off over the gauge's catchment, mm/h, on the flow grid; null when it never rains. */
  #effectiveRain(gauge: ResolvedGauge): GridSeries | null {
    if (!this.#rain.hasRain) return null;
    let series = this.#effective.get(gauge.sensor.id);
    if (series === undefined) {
      const site = gauge.sensor;
      series = new GridSeries(this.#originMs, GRID_MS, (_i, at) => {
        const rate = this.#rain.rateMmH(site, at);
        if (rate === 0) return 0;
        const antecedent = this.#rain.totalMm(site, at) - this.#rain.totalMm(site, at - ANTECEDENT_MS);
        return rate * runoffCoefficient(antecedent);
      });
      this.#effective.set(gauge.sensor.id, series);
    }
    return series;
  }
}

function resolve(sensor: Sensor, model: GaugeModel): ResolvedGauge {
  const low = { flowM3s: model.baseFlowM3s, levelCm: model.baseCm };
  const alarmPoint =
    model.alarmAtFlowM3s !== undefined && sensor.levels !== undefined
      ? { flowM3s: model.alarmAtFlowM3s, levelCm: sensor.levels.alarmLevelCm }
      : undefined;
  const high = model.rating ?? alarmPoint ?? { flowM3s: Math.max(60, model.baseFlowM3s * 50), levelCm: model.baseCm + 200 };
  const lagMs = parseDurationMs(model.lag ?? '60m') ?? MS.h;
  return {
    sensor,
    baseFlowM3s: model.baseFlowM3s,
    catchmentKm2: model.catchmentKm2 ?? 20,
    rating: fitRatingCurve(low, high),
    uh: unitHydrographWeights(lagMs, GRID_MS),
    upstream: (model.upstream ?? []).map((link) => ({
      sensorId: link.sensorId,
      travelMs: parseDurationMs(link.travel) ?? 0,
      weights: attenuationWeights(parseDurationMs(link.spread ?? '0m') ?? 0, GRID_MS),
      share: link.share ?? 1,
    })),
    reportsFlow: model.reportsFlow ?? false,
    noiseCm: model.noiseCm ?? 1,
  };
}
