import type { AlertView } from '../../../../server/contracts/alerts.ts';
import type { DispatchStatus, DispatchView } from '../../../../server/contracts/dispatch.ts';
import type { MachineStatus, MachineView } from '../../../../server/contracts/machinery.ts';
import { severityRank } from '../managers/sensor-status.ts';

/** What the map draws of the operations: alert areas, machines, dispatch lines, incidents. Pure. */

const EARTH_RADIUS_M = 6_371_008.8;
const CIRCLE_VERTICES = 64;

export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

/** Great-circle distance, metres. */
export function distanceM(a: LatLon, b: LatLon): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A closed ring approximating a circle on the ground (fine at the few kilometres an alert covers). */
export function circleRing(centre: LatLon, radiusM: number, vertices = CIRCLE_VERTICES): [number, number][] {
  const dLat = (radiusM / EARTH_RADIUS_M) * (180 / Math.PI);
  const dLon = dLat / Math.max(0.01, Math.cos((centre.lat * Math.PI) / 180));
  const ring: [number, number][] = [];
  for (let i = 0; i < vertices; i++) {
    const angle = (2 * Math.PI * i) / vertices;
    ring.push([centre.lon + dLon * Math.cos(angle), centre.lat + dLat * Math.sin(angle)]);
  }
  ring.push(ring[0] ?? [centre.lon, centre.lat]);
  return ring;
}

/** The smallest radius an alert area has, by what the alert is about. */
const MIN_RADIUS_M: Readonly<Record<AlertView['subject']['type'], number>> = {
  sensor: 700,
  gauge: 700,
  village: 1500,
  gateway: 1000,
};
/** Room around the outermost sensor, so its dot sits inside the area rather than on its edge. */
const MARGIN_M = 350;

/** The ground an alert covers: a circle around its position that takes in every sensor behind it. */
export function alertArea(alert: AlertView, sensorPosition: (id: string) => LatLon | undefined): { centre: LatLon; radiusM: number } {
  const centre = alert.position;
  let radius = MIN_RADIUS_M[alert.subject.type];
  for (const id of alert.sensorIds) {
    const position = sensorPosition(id);
    if (position !== undefined) radius = Math.max(radius, distanceM(centre, position) + MARGIN_M);
  }
  return { centre, radiusM: radius };
}

export interface AlertAreaProperties {
  readonly id: string;
  readonly severity: number;
  readonly acknowledged: boolean;
  readonly hazard: string;
}

export function alertAreaCollection(
  alerts: readonly AlertView[],
  sensorPosition: (id: string) => LatLon | undefined,
): GeoJSON.FeatureCollection<GeoJSON.Polygon, AlertAreaProperties> {
  return {
    type: 'FeatureCollection',
    // Least severe first, so the most severe area is drawn on top.
    features: [...alerts]
      .sort((a, b) => severityRank(a.severity) - severityRank(b.severity))
      .map((alert) => {
        const { centre, radiusM } = alertArea(alert, sensorPosition);
        return {
          type: 'Feature',
          geometry: { type: 'Polygon', coordinates: [circleRing(centre, radiusM)] },
          properties: {
            id: alert.id,
            severity: severityRank(alert.severity),
            acknowledged: alert.state === 'acknowledged',
            hazard: alert.hazard,
          },
        };
      }),
  };
}

/** [west, south, east, north] around an alert's area, for flying to it. */
export function alertBounds(alert: AlertView, sensorPosition: (id: string) => LatLon | undefined): [number, number, number, number] {
  const { centre, radiusM } = alertArea(alert, sensorPosition);
  const ring = circleRing(centre, radiusM, 16);
  const lons = ring.map(([lon]) => lon);
  const lats = ring.map(([, lat]) => lat);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

export interface MachineFeatureProperties {
  readonly id: string;
  readonly status: MachineStatus;
  readonly type: string;
  readonly icon: string;
}

export function machineIconName(status: MachineStatus): string {
  return `machine-${status}`;
}

export function machineCollection(machines: readonly MachineView[]): GeoJSON.FeatureCollection<GeoJSON.Point, MachineFeatureProperties> {
  return {
    type: 'FeatureCollection',
    features: machines.map((machine) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [machine.position.lon, machine.position.lat] },
      properties: { id: machine.id, status: machine.status, type: machine.type, icon: machineIconName(machine.status) },
    })),
  };
}

export interface DispatchLineProperties {
  readonly id: string;
  readonly status: DispatchStatus;
  /** Still to start moving (requested, accepted): drawn dashed. */
  readonly pending: boolean;
}

/** A line from each dispatched machine (its reported position, else where the registry has it) to its target. */
export function dispatchLineCollection(
  dispatches: readonly DispatchView[],
  machinePosition: (id: string) => LatLon | undefined,
): GeoJSON.FeatureCollection<GeoJSON.LineString, DispatchLineProperties> {
  const features: GeoJSON.Feature<GeoJSON.LineString, DispatchLineProperties>[] = [];
  for (const dispatch of dispatches) {
    const from = dispatch.position ?? machinePosition(dispatch.machineId);
    if (from === undefined) continue;
    features.push({
      type: 'Feature',
      geometry: {
        type: 'LineString',
        coordinates: [
          [from.lon, from.lat],
          [dispatch.target.lon, dispatch.target.lat],
        ],
      },
      properties: { id: dispatch.id, status: dispatch.status, pending: dispatch.status === 'requested' || dispatch.status === 'accepted' },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** A place machines are sent to or an officer marked: an incident, or a dispatch's target. */
export interface MapPlace {
  readonly id: string;
  readonly lat: number;
  readonly lon: number;
  readonly kind: 'incident' | 'target';
}

export function placeCollection(places: readonly MapPlace[]): GeoJSON.FeatureCollection<GeoJSON.Point, { id: string; icon: string }> {
  const seen = new Set<string>();
  const features: GeoJSON.Feature<GeoJSON.Point, { id: string; icon: string }>[] = [];
  for (const place of places) {
    if (seen.has(place.id)) continue;
    seen.add(place.id);
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [place.lon, place.lat] },
      properties: { id: place.id, icon: place.kind === 'incident' ? 'place-incident' : 'place-target' },
    });
  }
  return { type: 'FeatureCollection', features };
}
