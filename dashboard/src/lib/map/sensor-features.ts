import type { GeoJSONSourceDiff } from 'maplibre-gl';
import type { SensorView } from '../../../../server/contracts/live.ts';
import { sensorStatus, severityRank, type SensorStatus } from '../managers/sensor-status.ts';

/** Only what the map draws by. Values are not here: a new reading changes nothing on the map. */
export interface SensorFeatureProperties {
  readonly id: string;
  readonly kind: string;
  readonly status: SensorStatus;
  /** CAP severity rank (see severityRank); -1 when no alert. */
  readonly severity: number;
}

export type SensorFeature = GeoJSON.Feature<GeoJSON.Point, SensorFeatureProperties>;
export type SensorCollection = GeoJSON.FeatureCollection<GeoJSON.Point, SensorFeatureProperties>;

/** Which of the two sensor sources draws a sensor on top: `alerting` (never clustered) or `cluster`. */
export type SensorSourceRole = 'cluster' | 'alerting';

export function sensorFeature(sensor: SensorView): SensorFeature {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [sensor.lon, sensor.lat] },
    properties: {
      id: sensor.id,
      kind: sensor.kind,
      status: sensorStatus(sensor),
      severity: severityRank(sensor.alertSeverity),
    },
  };
}

function isAlerting(sensor: SensorView): boolean {
  return sensor.alertSeverity !== null;
}

/** Where and what a sensor is: a change here needs new data in the clustered source. */
function placeKey(sensor: SensorView): string {
  return `${sensor.lon}|${sensor.lat}|${sensor.kind}`;
}

/** How it looks: a change here alone is a feature-state update, no data upload. */
function lookKey(sensor: SensorView): string {
  return `${sensorStatus(sensor)}|${severityRank(sensor.alertSeverity)}`;
}

/**
 * What one map source holds, and what it should hold: changes accumulate until `take()` turns them into
 * the smallest diff. Several changes to one sensor before a take collapse into its last state, so a
 * source updated less often than once per frame still gets one entry per sensor.
 */
export class SourceMirror {
  readonly #inSource = new Set<string>();
  readonly #pending = new Map<string, SensorFeature | null>();

  /** Whether the sensor is (or is about to be) in this source. */
  has(id: string): boolean {
    const pending = this.#pending.get(id);
    return pending === undefined ? this.#inSource.has(id) : pending !== null;
  }

  get pendingCount(): number {
    return this.#pending.size;
  }

  /** After a setData: the source holds exactly these. */
  reset(ids: Iterable<string>): void {
    this.#inSource.clear();
    this.#pending.clear();
    for (const id of ids) this.#inSource.add(id);
  }

  set(id: string, feature: SensorFeature | null): void {
    this.#pending.set(id, feature);
  }

  take(): GeoJSONSourceDiff | null {
    const add: SensorFeature[] = [];
    const update: NonNullable<GeoJSONSourceDiff['update']> = [];
    const remove: string[] = [];
    for (const [id, feature] of this.#pending) {
      const present = this.#inSource.has(id);
      if (feature === null) {
        if (present) remove.push(id);
        this.#inSource.delete(id);
      } else if (!present) {
        add.push(feature);
        this.#inSource.add(id);
      } else {
        update.push({
          id,
          newGeometry: feature.geometry,
          addOrUpdateProperties: (Object.keys(feature.properties) as (keyof SensorFeatureProperties)[]).map((key) => ({
            key,
            value: feature.properties[key],
          })),
        });
      }
    }
    this.#pending.clear();
    if (add.length === 0 && update.length === 0 && remove.length === 0) return null;
    return {
      ...(remove.length > 0 ? { remove } : {}),
      ...(add.length > 0 ? { add } : {}),
      ...(update.length > 0 ? { update } : {}),
    };
  }
}

/**
 * Remembers what the map sources hold so a batch of changes becomes the least work for the map. Most
 * live updates are new values of a sensor whose look is unchanged: no map call at all. A change of
 * health (online, late, offline) becomes a feature-state on the clustered source, at once, while its data
 * (what clusters count and the draw order read) is refreshed lazily: re-clustering 50,000 sensors for
 * each late sensor would keep the map's worker busy for nothing. Alerting sensors are also drawn from a
 * small source of their own, never clustered, updated at once.
 */
export class SensorFeatureTracker {
  readonly #place = new Map<string, string>();
  readonly #look = new Map<string, string>();
  /** Every sensor, clustered. */
  readonly cluster = new SourceMirror();
  /** Alerting sensors only. */
  readonly alerting = new SourceMirror();
  #statusChanges = new Map<string, SensorStatus>();
  #urgent = false;

  /** The whole collections, for a snapshot; resets what is remembered. */
  reset(sensors: readonly SensorView[]): Readonly<Record<SensorSourceRole, SensorCollection>> {
    this.#place.clear();
    this.#look.clear();
    this.#statusChanges.clear();
    this.#urgent = false;
    const all: SensorFeature[] = [];
    const alerting: SensorFeature[] = [];
    for (const sensor of sensors) {
      this.#place.set(sensor.id, placeKey(sensor));
      this.#look.set(sensor.id, lookKey(sensor));
      const feature = sensorFeature(sensor);
      all.push(feature);
      if (isAlerting(sensor)) alerting.push(feature);
    }
    this.cluster.reset(all.map((f) => f.properties.id));
    this.alerting.reset(alerting.map((f) => f.properties.id));
    return {
      cluster: { type: 'FeatureCollection', features: all },
      alerting: { type: 'FeatureCollection', features: alerting },
    };
  }

  /** Records a batch of changed sensors; then take the status changes and the diffs. */
  apply(changed: readonly SensorView[]): void {
    for (const sensor of changed) {
      const place = placeKey(sensor);
      const look = lookKey(sensor);
      const placeBefore = this.#place.get(sensor.id);
      const lookBefore = this.#look.get(sensor.id);
      if (place === placeBefore && look === lookBefore) continue;
      this.#place.set(sensor.id, place);
      this.#look.set(sensor.id, look);
      const feature = sensorFeature(sensor);
      this.cluster.set(sensor.id, feature);
      // A new sensor, or one that moved, must be on the map soon; a new look is shown by feature-state now.
      if (place !== placeBefore) this.#urgent = true;
      else this.#statusChanges.set(sensor.id, feature.properties.status);
      if (isAlerting(sensor)) this.alerting.set(sensor.id, feature);
      else if (this.alerting.has(sensor.id)) this.alerting.set(sensor.id, null);
    }
  }

  /** Status changes since the last take, for feature-state on the clustered source. */
  takeStatusChanges(): ReadonlyMap<string, SensorStatus> {
    const changes = this.#statusChanges;
    this.#statusChanges = new Map();
    return changes;
  }

  /** Whether the clustered source's pending data includes a new or moved sensor (then it is due soon). */
  takeUrgent(): boolean {
    const urgent = this.#urgent;
    this.#urgent = false;
    return urgent;
  }

  /** Which source draws the sensor on top now; undefined when it is not on the map. */
  roleOf(id: string): SensorSourceRole | undefined {
    if (this.alerting.has(id)) return 'alerting';
    if (this.cluster.has(id)) return 'cluster';
    return undefined;
  }

  get size(): number {
    return this.#place.size;
  }
}
