/**
 * Correlation of forest-fire sensors: two or more sensors detecting within `radiusKm` of each other
 * within `window` are corroborated evidence (certainty Observed/Likely), more severe than one sensor
 * alone. Recent detections live in a spatial grid in the rule's shared state, so a reading looks only at
 * the detections of nearby cells, never at all sensors.
 */
import { z } from 'zod';
import { PositiveDurationSchema } from '../duration.ts';
import { haversineKm } from '../haversine.ts';
import { gridCellKey, gridNeighbourKeys } from '../spatial-grid.ts';
import { emptyRecord } from '../state.ts';
import type { RuleSensor } from '../types.ts';
import { FireSignalSchema } from './fire-signal.ts';

export const FireCorrelationConditionSchema = z.strictObject({
  kind: z.literal('fire_correlation'),
  signal: FireSignalSchema,
  minSensors: z.number().int().min(2).max(100).default(2),
  radiusKm: z.number().positive().max(50),
  window: PositiveDurationSchema,
});
export type FireCorrelationCondition = z.infer<typeof FireCorrelationConditionSchema>;

const DetectionSchema = z.strictObject({
  /** Time of the sensor's newest detection. */
  t: z.number(),
  lat: z.number(),
  lon: z.number(),
  villageId: z.string(),
  cell: z.string(),
});
type Detection = z.infer<typeof DetectionSchema>;

export const FireDetectionsSchema = z.strictObject({
  /** Newest detection per sensor, within the window. */
  detections: z.record(z.string(), DetectionSchema),
  /** Grid cell → sensors with a detection in it. */
  cells: z.record(z.string(), z.array(z.string())),
});
export type FireDetections = z.infer<typeof FireDetectionsSchema>;

export function createFireDetections(): FireDetections {
  return { detections: emptyRecord(), cells: emptyRecord() };
}

function removeFromCell(d: FireDetections, cell: string, sensorId: string): void {
  const ids = d.cells[cell];
  if (ids === undefined) return;
  const i = ids.indexOf(sensorId);
  if (i >= 0) ids.splice(i, 1);
  if (ids.length === 0) delete d.cells[cell];
}

export function recordDetection(c: FireCorrelationCondition, d: FireDetections, sensor: RuleSensor, t: number): void {
  const cell = gridCellKey(c, sensor.lat, sensor.lon);
  const existing = d.detections[sensor.id];
  if (existing !== undefined) {
    existing.t = Math.max(existing.t, t);
    if (existing.cell === cell) return;
    removeFromCell(d, existing.cell, sensor.id);
  }
  d.detections[sensor.id] = { t: existing?.t ?? t, lat: sensor.lat, lon: sensor.lon, villageId: sensor.villageId, cell };
  (d.cells[cell] ??= []).push(sensor.id);
}

export interface Cluster {
  /** Sensor ids, earliest detection first. */
  readonly sensorIds: string[];
  /** Village of the earliest detection: the alert's subject. */
  readonly villageId: string;
}

/** The sensors with a live detection within the radius of `sensor` (itself included). */
export function clusterAround(c: FireCorrelationCondition, d: FireDetections, sensor: RuleSensor, t: number): Cluster {
  const windowMs = c.window * 1000;
  const found: [string, Detection][] = [];
  for (const key of gridNeighbourKeys(c, sensor.lat, sensor.lon)) {
    const ids = d.cells[key];
    if (ids === undefined) continue;
    for (const id of ids) {
      const det = d.detections[id];
      if (det === undefined || t - det.t > windowMs) continue;
      if (haversineKm(sensor.lat, sensor.lon, det.lat, det.lon) <= c.radiusKm) found.push([id, det]);
    }
  }
  found.sort((a, b) => a[1].t - b[1].t || (a[0] < b[0] ? -1 : 1));
  return { sensorIds: found.map(([id]) => id), villageId: found[0]?.[1].villageId ?? sensor.villageId };
}

/** Forgets detections older than the window. */
export function pruneDetections(c: FireCorrelationCondition, d: FireDetections, now: number): void {
  const windowMs = c.window * 1000;
  for (const id in d.detections) {
    const det = d.detections[id];
    if (det !== undefined && now - det.t > windowMs) {
      removeFromCell(d, det.cell, id);
      delete d.detections[id];
    }
  }
}

/** How many of `sensorIds` still have a live detection. */
export function liveDetections(c: FireCorrelationCondition, d: FireDetections, sensorIds: readonly string[], now: number): number {
  const windowMs = c.window * 1000;
  let n = 0;
  for (const id of sensorIds) {
    const det = d.detections[id];
    if (det !== undefined && now - det.t <= windowMs) n++;
  }
  return n;
}

export function describeCorrelation(c: FireCorrelationCondition, sensorIds: readonly string[], live: number, cleared: boolean): string {
  const minutes = Math.round(c.window / 60);
  if (cleared) {
    return `Fire detections near ${sensorIds.join(', ')} are no longer corroborated: ${live} sensor(s) detected within the last ${minutes} min.`;
  }
  return `${sensorIds.length} fire sensors within ${c.radiusKm} km detected smoke or gas within ${minutes} min: ${sensorIds.join(', ')}.`;
}
