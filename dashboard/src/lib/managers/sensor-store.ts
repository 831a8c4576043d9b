import type { SensorView } from '../../../../server/contracts/live.ts';
import { emptyCounts, sensorStatus, type SensorStatus, type StatusCounts } from './sensor-status.ts';

/** What changed since the last drain: everything (after a snapshot), some sensors, or nothing. */
export type SensorChanges =
  | { readonly kind: 'snapshot'; readonly sensors: readonly SensorView[] }
  | { readonly kind: 'sensors'; readonly changed: readonly SensorView[] }
  | { readonly kind: 'none' };

/**
 * Every sensor's newest view, plus what changed since it was last drained and the counts by status.
 * Deliberately plain (not reactive): proxying 50,000 objects would cost more than drawing them; the
 * LiveManager publishes from here once per frame.
 */
export class SensorStore {
  readonly #sensors = new Map<string, SensorView>();
  readonly #pending = new Map<string, SensorView>();
  /** The status each sensor was counted under, so a delta adjusts counts in O(changed). */
  readonly #countedStatus = new Map<string, SensorStatus>();
  #counts: StatusCounts = emptyCounts();
  #snapshotPending = false;
  #newestDataAt: number | null = null;

  get size(): number {
    return this.#sensors.size;
  }

  get counts(): StatusCounts {
    return this.#counts;
  }

  /** Server clock, epoch ms: the newest time any sensor was heard from. */
  get newestDataAt(): number | null {
    return this.#newestDataAt;
  }

  get(id: string): SensorView | undefined {
    return this.#sensors.get(id);
  }

  all(): SensorView[] {
    return [...this.#sensors.values()];
  }

  /** Replaces everything: a sensor missing from the snapshot is gone. */
  replaceAll(sensors: readonly SensorView[]): void {
    this.#sensors.clear();
    this.#pending.clear();
    this.#newestDataAt = null;
    for (const sensor of sensors) this.#store(sensor);
    this.#snapshotPending = true;
  }

  /** One sensor's newest view; several updates to it before the next drain collapse into the last. */
  upsert(sensor: SensorView): void {
    this.#store(sensor);
    this.#pending.set(sensor.id, sensor);
  }

  /** Hands over what changed since the last call, and updates the counts to match. */
  drain(): SensorChanges {
    if (this.#snapshotPending) {
      this.#snapshotPending = false;
      this.#pending.clear();
      this.#recount();
      return { kind: 'snapshot', sensors: this.all() };
    }
    if (this.#pending.size === 0) return { kind: 'none' };
    const changed = [...this.#pending.values()];
    this.#pending.clear();
    this.#countChanged(changed);
    return { kind: 'sensors', changed };
  }

  #store(sensor: SensorView): void {
    this.#sensors.set(sensor.id, sensor);
    const seen = sensor.health.lastSeen;
    if (seen !== null && (this.#newestDataAt === null || seen > this.#newestDataAt)) this.#newestDataAt = seen;
  }

  #recount(): void {
    const counts = emptyCounts();
    this.#countedStatus.clear();
    for (const sensor of this.#sensors.values()) {
      const status = sensorStatus(sensor);
      this.#countedStatus.set(sensor.id, status);
      counts[status]++;
    }
    this.#counts = counts;
  }

  #countChanged(changed: readonly SensorView[]): void {
    let counts: Record<SensorStatus, number> | null = null;
    for (const sensor of changed) {
      const before = this.#countedStatus.get(sensor.id);
      const after = sensorStatus(sensor);
      if (before === after) continue;
      counts ??= { ...this.#counts };
      if (before !== undefined) counts[before]--;
      counts[after]++;
      this.#countedStatus.set(sensor.id, after);
    }
    if (counts !== null) this.#counts = counts;
  }
}
