/**
 * The canary: a sensor that exists only in code, whose readings the server publishes to itself through
 * the broker to check that the whole pipeline works. Its ids cannot clash with a region's (the server
 * refuses to start with a region that uses them), and it is never in the region registry, so it is never
 * on a map, in /api/sensors, in the rule engine's sensor list or in coverage.
 */
import type { Gateway, Sensor } from '../contracts/registry.ts';
import { telemetryTopic } from '../contracts/topics.ts';
import { SkopiaError } from '../errors.ts';
import { SensorRegistry } from '../registry/sensor-registry.ts';

export const CANARY_GATEWAY_ID = 'skopia-canary';
export const CANARY_SENSOR_ID = 'skopia-canary';
/** The round number travels as the reading's only metric, so each reading is matched to its round. */
export const CANARY_METRIC = 'canary_round';

export function canaryTopic(prefix: string): string {
  return telemetryTopic(prefix, CANARY_GATEWAY_ID, CANARY_SENSOR_ID);
}

/** The registry the canary's own decoder uses: its gateway and sensor, nothing else. */
export function canaryRegistry(place: { readonly lat: number; readonly lon: number; readonly villageId: string }): SensorRegistry {
  const gateway: Gateway = { id: CANARY_GATEWAY_ID, name: 'Skopia self-check', format: 'native' };
  const sensor: Sensor = {
    id: CANARY_SENSOR_ID,
    // The kind list is closed and the canary is never shown or evaluated: any kind serves.
    kind: 'weather_station',
    name: 'Skopia self-check',
    lat: place.lat,
    lon: place.lon,
    villageId: place.villageId,
    gatewayId: CANARY_GATEWAY_ID,
    expectedIntervalS: 60,
  };
  return new SensorRegistry([gateway], [sensor]);
}

/** A region gateway or sensor named like the canary would have its messages taken for the canary's. */
export function assertNoCanaryClash(registry: SensorRegistry): void {
  if (registry.gateway(CANARY_GATEWAY_ID) || registry.sensor(CANARY_SENSOR_ID)) {
    throw new SkopiaError(
      'canary_id_taken',
      `The region registers a gateway or sensor with the id "${CANARY_GATEWAY_ID}", which Skopia keeps for its self-check: rename it in sensors.json, or set CANARY_INTERVAL_S=0.`,
    );
  }
}
