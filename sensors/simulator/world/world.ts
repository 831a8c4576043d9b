import type { Gateway, Sensor } from '../../../server/contracts/registry.ts';
import { defaultHeadSpreadMPerMin, type Fire } from '../fire/fire-spread.ts';
import { centroid, normaliseDeg } from '../geo/local-geometry.ts';
import { RiverNetwork, type FloodWave } from '../hydrology/river-network.ts';
import { unitFromKey } from '../random/seeded-random.ts';
import type { SimulatedRegion } from '../region/region-reader.ts';
import type { Scenario } from '../scenario/scenario-schema.ts';
import { MS, parseDurationMs, resolveScenarioTime } from '../time/relative-time.ts';
import { RainField } from '../weather/rain-field.ts';
import type { Storm } from '../weather/storm.ts';
import { WeatherModel } from '../weather/weather-model.ts';
import { resolveFaults, type Fault } from '../devices/faults.ts';

/** What a run may change without editing the scenario file (CLI flags, the demo script). */
export interface RunOverrides {
  /** Epoch ms, or "now"; the scenario's own start otherwise. */
  readonly start?: number | 'now';
  readonly speed?: number;
  readonly seed?: number;
  /** Every sensor reports this often, simulated seconds. */
  readonly intervalS?: number;
  /** Simulated ms; null runs until stopped. */
  readonly durationMs?: number | null;
}

/**
 * A scenario compiled against its region: every time resolved to epoch ms, the physical models built.
 * Everything a generator needs to compute a reading for any sensor at any instant.
 */
export interface World {
  readonly scenario: Scenario;
  readonly region: SimulatedRegion;
  readonly seed: number;
  readonly speed: number;
  readonly startMs: number;
  /** Null: runs until stopped. */
  readonly endMs: number | null;
  readonly sensors: readonly Sensor[];
  readonly gateways: readonly Gateway[];
  readonly sensorById: ReadonlyMap<string, Sensor>;
  readonly gatewayById: ReadonlyMap<string, Gateway>;
  readonly weather: WeatherModel;
  readonly rivers: RiverNetwork;
  readonly fires: readonly Fire[];
  readonly faults: readonly Fault[];
  intervalMs(sensorId: string): number;
  /** Offset of the sensor's reports within its interval, so sensors do not all report at once. */
  phaseMs(sensorId: string): number;
}

export function buildWorld(scenario: Scenario, region: SimulatedRegion, overrides: RunOverrides = {}, nowMs: number = Date.now()): World {
  const seed = overrides.seed ?? scenario.seed;
  const startSetting = overrides.start ?? scenario.start;
  const startMs = startSetting === 'now' ? nowMs : typeof startSetting === 'number' ? startSetting : Date.parse(startSetting);
  const durationMs = overrides.durationMs !== undefined ? overrides.durationMs : scenario.duration ? parseDurationMs(scenario.duration) : null;
  const at = (text: string): number => resolveScenarioTime(text, startMs);

  const selected = scenario.sensors === undefined ? region.sensors : region.sensors.filter((s) => scenario.sensors?.includes(s.id));
  const gatewayIds = new Set(selected.map((s) => s.gatewayId));
  const gateways = region.gateways.filter((g) => gatewayIds.has(g.id));
  const reference = centroid(selected);

  const storms: Storm[] = [];
  const waves: FloodWave[] = [];
  for (const event of scenario.events) {
    if (event.type === 'storm') {
      const windFromDeg = event.windFromDeg ?? 200;
      const windKmh = event.windKmh ?? 45;
      storms.push({
        index: storms.length,
        startMs: at(event.at),
        durationMs: parseDurationMs(event.duration) ?? MS.h,
        peakRainMmH: event.peakRainMmH,
        windKmh,
        gustKmh: event.gustKmh ?? windKmh * 1.6,
        windFromDeg,
        pressureDropHpa: event.pressureDropHpa ?? 12,
        tempDropC: event.tempDropC ?? 6,
        movesTowardDeg: event.movesTowardDeg ?? normaliseDeg(windFromDeg + 180),
        speedKmh: event.speedKmh ?? 30,
        reference,
      });
    } else if (event.type === 'river-flood-wave') {
      waves.push({
        sensorId: event.sensorId,
        peakMs: at(event.peakAt),
        peakFlowM3s: event.peakFlowM3s,
        riseMs: parseDurationMs(event.rise) ?? MS.h,
        fallMs: parseDurationMs(event.fall) ?? MS.h,
      });
    }
  }

  const rain = new RainField(storms, seed, startMs);
  const weather = new WeatherModel(region.info.id, scenario.weather ?? {}, storms, rain, seed);
  const fires: Fire[] = [];
  for (const event of scenario.events) {
    if (event.type !== 'fire') continue;
    const ignitionMs = at(event.at);
    const climate = weather.climate(ignitionMs);
    const windKmh = event.windKmh ?? climate.windAfternoonKmh;
    fires.push({
      ignitionMs,
      origin: { lat: event.lat, lon: event.lon },
      windKmh,
      windFromDeg: event.windFromDeg ?? climate.windAfternoonFromDeg,
      headSpreadMPerMin: event.headSpreadMPerMin ?? defaultHeadSpreadMPerMin(windKmh),
    });
  }

  const intervalOf = new Map<string, number>();
  for (const s of selected) {
    const seconds = overrides.intervalS ?? scenario.intervals?.[s.id] ?? scenario.intervalS ?? s.expectedIntervalS;
    intervalOf.set(s.id, seconds * MS.s);
  }

  return {
    scenario,
    region,
    seed,
    speed: overrides.speed ?? scenario.speed,
    startMs,
    endMs: durationMs === null || durationMs === undefined ? null : startMs + durationMs,
    sensors: selected,
    gateways,
    sensorById: new Map(selected.map((s) => [s.id, s])),
    gatewayById: new Map(gateways.map((g) => [g.id, g])),
    weather,
    rivers: new RiverNetwork(selected, scenario.hydrology?.gauges ?? {}, waves, rain, startMs),
    fires,
    faults: resolveFaults(scenario.events, at),
    intervalMs: (id) => intervalOf.get(id) ?? MS.m,
    phaseMs: (id) => Math.floor(unitFromKey(seed, 'phase', id) * (intervalOf.get(id) ?? MS.m)),
  };
}
