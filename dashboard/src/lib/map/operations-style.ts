import type { ExpressionSpecification, LayerSpecification, SourceSpecification } from 'maplibre-gl';

/** Sources and layers of the operations: alert areas, machines, dispatch lines, places, coverage. */

export const ALERT_AREA_SOURCE = 'alert-areas';
export const MACHINE_SOURCE = 'machines';
export const DISPATCH_LINE_SOURCE = 'dispatch-lines';
export const PLACE_SOURCE = 'places';
export const COVERAGE_SOURCE = 'coverage';
export const PICK_SOURCE = 'pick';

export const ALERT_AREA_FILL_LAYER = 'alert-area-fill';
export const ALERT_AREA_OUTLINE_LAYER = 'alert-area-outline';
export const ALERT_AREA_ACK_LAYER = 'alert-area-outline-acknowledged';
export const MACHINE_LAYER = 'machines';
export const DISPATCH_LINE_LAYER = 'dispatch-lines';
export const DISPATCH_LINE_PENDING_LAYER = 'dispatch-lines-pending';
export const PLACE_LAYER = 'places';
export const COVERAGE_LAYER = 'coverage';
export const PICK_LAYER = 'pick';

export const AREA_COLOURS = {
  /** By CAP severity rank: minor/unknown, moderate, severe and extreme. */
  minor: '#ff9e80',
  moderate: '#ff5a3c',
  severe: '#ff1a1a',
  selected: '#ffffff',
} as const;

export const DISPATCH_LINE_COLOUR = '#ffd54f';

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

export function operationsSources(): Record<string, SourceSpecification> {
  return {
    [ALERT_AREA_SOURCE]: { type: 'geojson', data: EMPTY, promoteId: 'id' },
    [MACHINE_SOURCE]: { type: 'geojson', data: EMPTY, promoteId: 'id' },
    [DISPATCH_LINE_SOURCE]: { type: 'geojson', data: EMPTY, promoteId: 'id' },
    [PLACE_SOURCE]: { type: 'geojson', data: EMPTY, promoteId: 'id' },
    [COVERAGE_SOURCE]: { type: 'geojson', data: EMPTY, promoteId: 'id' },
    [PICK_SOURCE]: { type: 'geojson', data: EMPTY },
  };
}

const AREA_COLOUR: ExpressionSpecification = [
  'step',
  ['get', 'severity'],
  AREA_COLOURS.minor,
  2,
  AREA_COLOURS.moderate,
  3,
  AREA_COLOURS.severe,
];
const SELECTED: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];

/** Alert areas: under the sensors, so their dots stay visible inside. Acknowledged ones are dashed and fainter. */
export function alertAreaLayers(): LayerSpecification[] {
  return [
    {
      id: ALERT_AREA_FILL_LAYER,
      type: 'fill',
      source: ALERT_AREA_SOURCE,
      paint: { 'fill-color': AREA_COLOUR, 'fill-opacity': ['case', ['get', 'acknowledged'], 0.1, 0.22] },
    },
    {
      id: ALERT_AREA_OUTLINE_LAYER,
      type: 'line',
      source: ALERT_AREA_SOURCE,
      filter: ['!', ['get', 'acknowledged']],
      layout: { 'line-join': 'round' },
      paint: { 'line-color': ['case', SELECTED, AREA_COLOURS.selected, AREA_COLOUR], 'line-width': ['case', SELECTED, 5, 3] },
    },
    {
      id: ALERT_AREA_ACK_LAYER,
      type: 'line',
      source: ALERT_AREA_SOURCE,
      filter: ['get', 'acknowledged'],
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': ['case', SELECTED, AREA_COLOURS.selected, AREA_COLOUR],
        'line-width': ['case', SELECTED, 4, 2.5],
        'line-dasharray': [2, 2],
      },
    },
  ];
}

/** Lines from dispatched machines to their targets: dashed until the machine sets off, solid on the way and on site. */
export function dispatchLineLayers(): LayerSpecification[] {
  return [
    {
      id: DISPATCH_LINE_PENDING_LAYER,
      type: 'line',
      source: DISPATCH_LINE_SOURCE,
      filter: ['get', 'pending'],
      layout: { 'line-cap': 'round' },
      paint: { 'line-color': DISPATCH_LINE_COLOUR, 'line-width': 3, 'line-dasharray': [1.5, 1.5], 'line-opacity': 0.95 },
    },
    {
      id: DISPATCH_LINE_LAYER,
      type: 'line',
      source: DISPATCH_LINE_SOURCE,
      filter: ['!', ['get', 'pending']],
      layout: { 'line-cap': 'round' },
      paint: { 'line-color': DISPATCH_LINE_COLOUR, 'line-width': 4, 'line-opacity': 0.95 },
    },
  ];
}

function iconLayer(id: string, source: string, size: number | ExpressionSpecification, visible = true): LayerSpecification {
  return {
    id,
    type: 'symbol',
    source,
    layout: {
      visibility: visible ? 'visible' : 'none',
      'icon-image': ['get', 'icon'],
      'icon-size': size,
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
    },
  };
}

/** Machines and places (incidents, dispatch targets): above the sensors, below alerting ones. */
export function operationsSymbolLayers(): LayerSpecification[] {
  return [
    iconLayer(MACHINE_LAYER, MACHINE_SOURCE, ['interpolate', ['linear'], ['zoom'], 8, 0.8, 14, 1.2]),
    iconLayer(PLACE_LAYER, PLACE_SOURCE, ['interpolate', ['linear'], ['zoom'], 8, 1, 14, 1.4]),
    // Coverage is an overlay an officer turns on; the wall screen never shows it.
    iconLayer(COVERAGE_LAYER, COVERAGE_SOURCE, 1.1, false),
  ];
}

export function pickLayer(): LayerSpecification {
  return {
    id: PICK_LAYER,
    type: 'symbol',
    source: PICK_SOURCE,
    layout: { 'icon-image': 'place-pick', 'icon-size': 1.6, 'icon-allow-overlap': true, 'icon-ignore-placement': true },
  };
}
