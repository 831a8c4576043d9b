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

/** Everything that changes the drawing; equal keys mean the map need not be touched. */
function drawKey(sensor: SensorView): string {
  return `${sensorStatus(sensor)}|${severityRank(sensor.alertSeverity)}|${sensor.lon}|${sensor.lat}|${sensor.kind}`;
}

/**
 * Remembers what the map source holds so a batch of changes becomes the smallest diff: most live
 * updates are new values of a sensor whose look is unchanged, and those cost no map call at all.
 */
export class SensorFeatureTracker {
  readonly #drawn = new Map<string, string>();

  /** The whole collection, for a snapshot; resets what is remembered. */
  reset(sensors: readonly SensorView[]): GeoJSON.FeatureCollection<GeoJSON.Point, SensorFeatureProperties> {
    this.#drawn.clear();
    for (const sensor of sensors) this.#drawn.set(sensor.id, drawKey(sensor));
    return { type: 'FeatureCollection', features: sensors.map(sensorFeature) };
  }

  /** The diff for a batch of changed sensors; null when nothing visible changed. */
  diff(changed: readonly SensorView[]): GeoJSONSourceDiff | null {
    const add: SensorFeature[] = [];
    const update: NonNullable<GeoJSONSourceDiff['update']> = [];
    for (const sensor of changed) {
      const key = drawKey(sensor);
      const before = this.#drawn.get(sensor.id);
      if (before === key) continue;
      this.#drawn.set(sensor.id, key);
      const feature = sensorFeature(sensor);
      if (before === undefined) {
        add.push(feature);
      } else {
        update.push({
          id: sensor.id,
          newGeometry: feature.geometry,
          addOrUpdateProperties: (Object.keys(feature.properties) as (keyof SensorFeatureProperties)[]).map((key) => ({
            key,
            value: feature.properties[key],
          })),
        });
      }
    }
    if (add.length === 0 && update.length === 0) return null;
    return { ...(add.length > 0 ? { add } : {}), ...(update.length > 0 ? { update } : {}) };
  }
}
