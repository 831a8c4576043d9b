import type { Reading } from '../contracts/telemetry.ts';
import type { LatestReading } from './telemetry-store.ts';

interface Latest {
  metrics: Record<string, number>;
  metricTs: Record<string, number>;
  /** Measurement time of the newest reading. */
  ts: number | null;
}

/**
 * The newest value of each metric of each sensor, in memory: what the map and the rules read.
 * Late data (older than what is held) never overwrites a newer value.
 */
export class LatestValues {
  readonly #bySensor = new Map<string, Latest>();

  apply(reading: Reading): void {
    let entry = this.#bySensor.get(reading.sensorId);
    if (!entry) {
      entry = { metrics: {}, metricTs: {}, ts: null };
      this.#bySensor.set(reading.sensorId, entry);
    }
    for (const name in reading.metrics) {
      const held = entry.metricTs[name];
      if (held === undefined || reading.ts >= held) {
        entry.metrics[name] = reading.metrics[name] as number;
        entry.metricTs[name] = reading.ts;
      }
    }
    if (entry.ts === null || reading.ts > entry.ts) entry.ts = reading.ts;
  }

  restore(latest: LatestReading): void {
    for (const [name, { value, ts }] of Object.entries(latest.metrics)) {
      this.apply({ sensorId: latest.sensorId, ts, metrics: { [name]: value }, receivedAt: ts, source: 'native' });
    }
  }

  metrics(sensorId: string): Readonly<Record<string, number>> {
    return this.#bySensor.get(sensorId)?.metrics ?? {};
  }

  ts(sensorId: string): number | null {
    return this.#bySensor.get(sensorId)?.ts ?? null;
  }
}
