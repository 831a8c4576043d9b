/**
 * Where an alert is, for the map, dispatch and the CAP area: a sensor's position, a village's centre,
 * or the centroid of the sensors behind a gateway or cluster alert.
 */
import type { AlertSubject } from '../../rules/engine/types.ts';
import type { Gateway, Sensor, Village } from '../contracts/registry.ts';

export interface SubjectPlace {
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  readonly villageId: string | null;
}

export interface PlaceLookup {
  sensor(id: string): Sensor | undefined;
  gateway(id: string): Gateway | undefined;
  sensorsOfGateway(id: string): readonly Sensor[];
  village(id: string): Village | undefined;
  /** Where to put an alert whose subject is unknown: the region's centre. */
  readonly fallback: { readonly lat: number; readonly lon: number };
}

function centroid(sensors: readonly Sensor[]): { lat: number; lon: number } | null {
  if (sensors.length === 0) return null;
  let lat = 0;
  let lon = 0;
  for (const s of sensors) {
    lat += s.lat;
    lon += s.lon;
  }
  return { lat: lat / sensors.length, lon: lon / sensors.length };
}

/** The village most of the sensors are in (ties: the first met), for a gateway or cluster alert. */
function commonVillage(sensors: readonly Sensor[]): string | null {
  const counts = new Map<string, number>();
  let best: string | null = null;
  let bestCount = 0;
  for (const s of sensors) {
    const n = (counts.get(s.villageId) ?? 0) + 1;
    counts.set(s.villageId, n);
    if (n > bestCount) {
      best = s.villageId;
      bestCount = n;
    }
  }
  return best;
}

export function subjectPlace(subject: AlertSubject, sensorIds: readonly string[], lookup: PlaceLookup): SubjectPlace {
  const behind = sensorIds.map((id) => lookup.sensor(id)).filter((s): s is Sensor => s !== undefined);
  switch (subject.type) {
    case 'sensor':
    case 'gauge': {
      const s = lookup.sensor(subject.id);
      if (s) return { name: s.name, lat: s.lat, lon: s.lon, villageId: s.villageId };
      break;
    }
    case 'village': {
      const v = lookup.village(subject.id);
      // A fire cluster is where its sensors are; the village only names it.
      const c = centroid(behind);
      if (v) return { name: v.name, lat: c?.lat ?? v.lat, lon: c?.lon ?? v.lon, villageId: v.id };
      break;
    }
    case 'gateway': {
      const g = lookup.gateway(subject.id);
      const sensors = behind.length > 0 ? behind : lookup.sensorsOfGateway(subject.id);
      const c = centroid(sensors);
      if (c) return { name: g?.name ?? subject.id, lat: c.lat, lon: c.lon, villageId: commonVillage(sensors) };
      break;
    }
  }
  const c = centroid(behind);
  return { name: subject.id, lat: c?.lat ?? lookup.fallback.lat, lon: c?.lon ?? lookup.fallback.lon, villageId: commonVillage(behind) };
}
