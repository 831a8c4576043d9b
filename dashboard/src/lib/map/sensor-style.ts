import type { CircleLayerSpecification, ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { SensorStatus } from '../managers/sensor-status.ts';

/**
 * How each sensor status is drawn. The legend draws from the same table, so map and legend cannot
 * disagree. Colour is never the only sign: size, fill and ring differ too (solid dot, ring, small
 * dot, thin ring, large dot with a halo).
 */
export interface StatusLook {
  readonly fill: string;
  /** 0 draws a ring: the status is told by the outline alone. */
  readonly fillOpacity: number;
  readonly stroke: string;
  readonly strokeWidth: number;
  /** Radius in px at the region's usual zoom; grows as one zooms in. */
  readonly radius: number;
  /** Draw order: higher on top, so an alert is never hidden under a healthy neighbour. */
  readonly sortKey: number;
}

export const MAP_COLOURS = {
  background: '#070b14',
  regionFill: '#142238',
  regionOutline: '#8fbfff',
  village: '#f2f5fa',
  villageHalo: '#070b14',
  alertHalo: '#ff2a2a',
} as const;

export const STATUS_LOOK: Readonly<Record<SensorStatus, StatusLook>> = {
  alerting: { fill: '#ff2a2a', fillOpacity: 1, stroke: '#ffffff', strokeWidth: 3, radius: 10, sortKey: 50 },
  online: { fill: '#26e07f', fillOpacity: 1, stroke: '#04130a', strokeWidth: 2, radius: 8, sortKey: 30 },
  stale: { fill: '#070b14', fillOpacity: 1, stroke: '#ffb020', strokeWidth: 4, radius: 8, sortKey: 40 },
  offline: { fill: '#9aa3b2', fillOpacity: 1, stroke: '#070b14', strokeWidth: 2, radius: 7, sortKey: 20 },
  unknown: { fill: '#070b14', fillOpacity: 0, stroke: '#aab4c3', strokeWidth: 2, radius: 6, sortKey: 10 },
};

/** Alerts are red; a more severe one is brighter and larger (the CAP rank is in the `severity` property). */
const ALERT_FILL_BY_RANK: ExpressionSpecification = [
  'step',
  ['get', 'severity'],
  '#ff6b5a', // unknown or minor
  2,
  '#ff3b30', // moderate
  3,
  '#ff1a1a', // severe, extreme
];

/**
 * A sensor's status as paint properties read it: the feature-state the map sets the moment it changes
 * (no data upload, no re-clustering), else the status in the data. Layout properties (the draw order)
 * cannot read feature-state and use the data alone, which is refreshed less often.
 */
const STATUS: ExpressionSpecification = ['coalesce', ['feature-state', 'status'], ['get', 'status']];
const DATA_STATUS: ExpressionSpecification = ['get', 'status'];

function byStatus<K extends keyof StatusLook>(key: K, alerting?: ExpressionSpecification, status: ExpressionSpecification = STATUS): ExpressionSpecification {
  const look = (name: SensorStatus) =>
    name === 'alerting' && alerting !== undefined ? alerting : STATUS_LOOK[name][key];
  return [
    'match',
    status,
    'alerting',
    look('alerting'),
    'online',
    look('online'),
    'stale',
    look('stale'),
    'offline',
    look('offline'),
    look('unknown'),
  ];
}

/** Radii grow with zoom so sensors stay findable zoomed out and do not blot the map zoomed in. */
function radiusAtZoom(scale: number): ExpressionSpecification {
  return ['*', scale, ['+', byStatus('radius'), ['max', 0, ['get', 'severity']]]];
}

/** The fill opacity of each status, times `factor` (below 1 dims the sensors while data is old). */
export function sensorFillOpacity(factor: number): ExpressionSpecification {
  return ['*', factor, byStatus('fillOpacity')];
}

/** Every sensor, clustered at low zoom. */
export const SENSOR_SOURCE = 'sensors';
/** Alerting sensors again, in a source of their own that is never clustered, drawn above everything. */
export const ALERT_SENSOR_SOURCE = 'sensor-alerts';
export const SENSOR_LAYER = 'sensor-dots';
export const SENSOR_CLUSTER_LAYER = 'sensor-clusters';
export const SENSOR_CLUSTER_COUNT_LAYER = 'sensor-cluster-counts';
export const ALERT_LAYER = 'sensor-alert-dots';
export const ALERT_HALO_LAYER = 'sensor-alert-halos';
/** Every layer a single sensor can be clicked on. */
export const SENSOR_DOT_LAYERS = [SENSOR_LAYER, ALERT_LAYER, ALERT_HALO_LAYER] as const;

export const CLUSTER_LOOK = { fill: '#2b4a78', stroke: '#cfe0ff', troubleStroke: '#ffb020', text: '#ffffff' } as const;

const IS_CLUSTER: ExpressionSpecification = ['has', 'point_count'];

function dotLayer(id: string, source: string, filter: ExpressionSpecification | null): CircleLayerSpecification {
  return {
    id,
    type: 'circle',
    source,
    ...(filter === null ? {} : { filter }),
    layout: { 'circle-sort-key': ['+', byStatus('sortKey', undefined, DATA_STATUS), ['max', 0, ['get', 'severity']]] },
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, radiusAtZoom(1), 14, radiusAtZoom(1.6)],
      'circle-color': byStatus('fill', ALERT_FILL_BY_RANK),
      'circle-opacity': sensorFillOpacity(1),
      'circle-stroke-color': ['case', ['boolean', ['feature-state', 'selected'], false], '#ffffff', byStatus('stroke')],
      'circle-stroke-width': ['case', ['boolean', ['feature-state', 'selected'], false], 5, byStatus('strokeWidth')],
    },
  };
}

/**
 * Sensors that are not alerting, drawn under the village labels: single dots, and at low zoom
 * clusters sized by how many sensors they hold, ringed in amber when any of them is late or offline
 * (`trouble`, summed by the source's clusterProperties).
 */
export function sensorLayers(): LayerSpecification[] {
  return [
    {
      id: SENSOR_CLUSTER_LAYER,
      type: 'circle',
      source: SENSOR_SOURCE,
      filter: IS_CLUSTER,
      paint: {
        'circle-radius': ['step', ['get', 'point_count'], 13, 10, 16, 100, 20, 1000, 25, 10_000, 30],
        'circle-color': CLUSTER_LOOK.fill,
        'circle-opacity': 0.92,
        'circle-stroke-color': ['case', ['>', ['get', 'trouble'], 0], CLUSTER_LOOK.troubleStroke, CLUSTER_LOOK.stroke],
        'circle-stroke-width': ['case', ['>', ['get', 'trouble'], 0], 4, 2],
      },
    },
    {
      id: SENSOR_CLUSTER_COUNT_LAYER,
      type: 'symbol',
      source: SENSOR_SOURCE,
      filter: IS_CLUSTER,
      layout: {
        'text-field': ['get', 'point_count_abbreviated'],
        'text-font': ['Noto Sans Bold'],
        'text-size': 14,
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': CLUSTER_LOOK.text },
    },
    dotLayer(SENSOR_LAYER, SENSOR_SOURCE, ['!', IS_CLUSTER]),
  ];
}

/** Alerting sensors and their halos: drawn above everything, labels included. */
export function alertLayers(): CircleLayerSpecification[] {
  return [
    {
      id: ALERT_HALO_LAYER,
      type: 'circle',
      source: ALERT_SENSOR_SOURCE,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 22, 14, 38],
        'circle-color': MAP_COLOURS.alertHalo,
        'circle-opacity': 0.3,
        'circle-stroke-color': MAP_COLOURS.alertHalo,
        'circle-stroke-width': 2,
        'circle-stroke-opacity': 0.9,
      },
    },
    dotLayer(ALERT_LAYER, ALERT_SENSOR_SOURCE, null),
  ];
}

/** Counts stale and offline sensors inside each cluster, for the cluster's amber ring. */
export const SENSOR_CLUSTER_PROPERTIES: Record<string, [unknown, unknown]> = {
  trouble: ['+', ['case', ['match', ['get', 'status'], ['stale', 'offline'], true, false], 1, 0]],
};

/**
 * Up to which zoom sensors are grouped. A municipality's few dozen sensors are all shown one by one at
 * the region's own zoom and only grouped when zoomed out beyond it; thousands are grouped until streets
 * show, since single dots would only be a smear there.
 */
export function clusterMaxZoom(sensorCount: number, regionZoom: number): number {
  if (sensorCount >= 1000) return 13;
  return Math.max(0, Math.floor(regionZoom) - 1);
}
