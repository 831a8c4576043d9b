import type { SensorView } from '../contracts/live.ts';
import type { SensorRegistry } from '../registry/sensor-registry.ts';
import type { LatestValues } from '../telemetry/latest-values.ts';
import type { SensorHealthTracker } from '../telemetry/sensor-health.ts';

export interface SensorViewSources {
  readonly registry: SensorRegistry;
  readonly latest: LatestValues;
  readonly health: SensorHealthTracker;
  /** Highest severity of the sensor's active alerts; the alerts service provides it. */
  readonly alertSeverity: (sensorId: string) => string | null;
  readonly now: () => number;
}

/** A sensor as the dashboards see it, built on demand from the current state (never cached stale). */
export function sensorView(src: SensorViewSources, sensorId: string): SensorView | null {
  const sensor = src.registry.sensor(sensorId);
  if (!sensor) return null;
  return {
    ...sensor,
    metrics: src.latest.metrics(sensorId),
    metricsTs: src.latest.ts(sensorId),
    health: src.health.health(sensorId, src.now()),
    alertSeverity: src.alertSeverity(sensorId),
  };
}

export function allSensorViews(src: SensorViewSources): SensorView[] {
  const views: SensorView[] = [];
  for (const s of src.registry.sensors()) {
    const v = sensorView(src, s.id);
    if (v) views.push(v);
  }
  return views;
}
