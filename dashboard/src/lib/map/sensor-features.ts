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

/**
 * Which of the two sensor sources a sensor is drawn from: `cluster` (every sensor not alerting, grouped at
 * low zoom) or `alerting` (never grouped, so an alert is always visible on its own).
 */
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

function roleOf(sensor: SensorView): SensorSourceRole {
  return sensor.alertSeverity !== null ? 'alerting' : 'cluster';
}

/** Everything that changes the drawing; equal keys mean the map need not be touched. */
function drawKey(sensor: SensorView): string {
  return `${sensorStatus(sensor)}|${severityRank(sensor.alertSeverity)}|${sensor.lon}|${sensor.lat}|${sensor.kind}`;
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
 * Remembers what the map sources hold so a batch of changes becomes the smallest diffs: most live
 * updates are new values of a sensor whose look is unchanged, and those cost no map call at all. A
 * sensor that starts or stops alerting moves between the two sources.
 */
export class SensorFeatureTracker {
  readonly #drawn = new Map<string, string>();
  readonly cluster = new SourceMirror();
  readonly alerting = new SourceMirror();

  /** The whole collections, for a snapshot; resets what is remembered. */
  reset(sensors: readonly SensorView[]): Readonly<Record<SensorSourceRole, SensorCollection>> {
    this.#drawn.clear();
    const collections: Record<SensorSourceRole, SensorFeature[]> = { cluster: [], alerting: [] };
    for (const sensor of sensors) {
      this.#drawn.set(sensor.id, drawKey(sensor));
      collections[roleOf(sensor)].push(sensorFeature(sensor));
    }
    this.cluster.reset(collections.cluster.map((f) => f.properties.id));
    this.alerting.reset(collections.alerting.map((f) => f.properties.id));
    return {
      cluster: { type: 'FeatureCollection', features: collections.cluster },
      alerting: { type: 'FeatureCollection', features: collections.alerting },
    };
  }

  /** Records a batch of changed sensors; the diffs are then taken from `cluster` and `alerting`. */
  apply(changed: readonly SensorView[]): void {
    for (const sensor of changed) {
      const key = drawKey(sensor);
      if (this.#drawn.get(sensor.id) === key) continue;
      this.#drawn.set(sensor.id, key);
      const role = roleOf(sensor);
      const [target, other] = role === 'alerting' ? [this.alerting, this.cluster] : [this.cluster, this.alerting];
      if (other.has(sensor.id)) other.set(sensor.id, null);
      target.set(sensor.id, sensorFeature(sensor));
    }
  }

  /** Which source draws the sensor now; undefined when it is not on the map. */
  roleOf(id: string): SensorSourceRole | undefined {
    if (this.alerting.has(id)) return 'alerting';
    if (this.cluster.has(id)) return 'cluster';
    return undefined;
  }

  get size(): number {
    return this.#drawn.size;
  }
}
