import { telemetryTopic } from '../../../server/contracts/topics.ts';

/**
 * The benchmark load: exactly `count` readings of 3 metrics each, spread round-robin over `sensors`
 * sensors, at `ratePerSec` in total, split over `processes` processes. Pure, so the bench and its tests
 * can compute the same ids and counts.
 */
export interface LoadPlan {
  readonly sensors: number;
  readonly ratePerSec: number;
  readonly count: number;
  readonly processes: number;
  readonly prefix: string;
  readonly gatewayId: string;
  readonly sensorIdPrefix: string;
}

export interface LoadTarget {
  readonly gatewayId: string;
  readonly sensorId: string;
}

export const DEFAULT_LOAD_GATEWAY = 'gw-load';
export const DEFAULT_LOAD_SENSOR_PREFIX = 'load-';

/** The synthetic sensor ids the load publishes for (register these on the server before a benchmark). */
export function loadSensorIds(sensors: number, sensorIdPrefix: string = DEFAULT_LOAD_SENSOR_PREFIX): string[] {
  const width = Math.max(4, String(sensors).length);
  return Array.from({ length: sensors }, (_, i) => `${sensorIdPrefix}${String(i + 1).padStart(width, '0')}`);
}

/** How many readings process `index` of `processes` publishes: the remainder goes to the first ones. */
export function shareOf(count: number, processes: number, index: number): number {
  return Math.floor(count / processes) + (index < count % processes ? 1 : 0);
}

/** Message `k` of process `index` is global message `k · processes + index`: every sensor gets its share. */
export function targetOf(plan: Pick<LoadPlan, 'processes'>, targets: readonly LoadTarget[], processIndex: number, k: number): LoadTarget {
  return targets[(k * plan.processes + processIndex) % targets.length] as LoadTarget;
}

/** A reading with three metrics; `ts` in epoch ms so the bench can measure end-to-end latency. */
export function loadPayload(k: number, nowMs: number): string {
  const temperature = 20 + (k % 100) / 10;
  const humidity = 40 + (k % 50);
  const wind = (k % 300) / 10;
  return `{"ts":${nowMs},"metrics":{"air_temperature_c":${temperature},"relative_humidity_pct":${humidity},"wind_speed_kmh":${wind}}}`;
}

export function loadTopic(prefix: string, target: LoadTarget): string {
  return telemetryTopic(prefix, target.gatewayId, target.sensorId);
}
