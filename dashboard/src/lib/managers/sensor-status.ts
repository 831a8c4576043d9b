import type { SensorView } from '../../../../server/contracts/live.ts';

/** What a sensor looks like on the map and in the legend: an active alert outranks its health. */
export const SENSOR_STATUSES = ['alerting', 'online', 'stale', 'offline', 'unknown'] as const;
export type SensorStatus = (typeof SENSOR_STATUSES)[number];

export function sensorStatus(sensor: SensorView): SensorStatus {
  return sensor.alertSeverity !== null ? 'alerting' : sensor.health.state;
}

/** CAP severities, most severe first; a severity we do not know ranks just above none. */
const SEVERITY_RANK: Readonly<Record<string, number>> = { extreme: 4, severe: 3, moderate: 2, minor: 1 };

export function severityRank(severity: string | null): number {
  if (severity === null) return -1;
  return SEVERITY_RANK[severity.toLowerCase()] ?? 0;
}

export type StatusCounts = Readonly<Record<SensorStatus, number>>;

export function emptyCounts(): Record<SensorStatus, number> {
  return { alerting: 0, online: 0, stale: 0, offline: 0, unknown: 0 };
}
