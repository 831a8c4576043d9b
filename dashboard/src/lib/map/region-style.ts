import type { StyleSpecification } from 'maplibre-gl';
import type { RegionView } from '../../../../server/contracts/registry.ts';
import { alertAreaLayers, dispatchLineLayers, operationsSources, operationsSymbolLayers, pickLayer } from './operations-style.ts';
import { alertLayers, ALERT_SENSOR_SOURCE, MAP_COLOURS, SENSOR_CLUSTER_PROPERTIES, SENSOR_SOURCE, sensorLayers } from './sensor-style.ts';

export const VILLAGE_LABEL_LAYER = 'village-labels';

/** Which village name the labels show: the English one, or the local one (Greek, Polish). */
export type VillageNameField = 'name' | 'nameLocal';

/**
 * The map style, built from the region file alone: no tile, glyph or sprite server, so the wall screen
 * works with the internet down. MapLibre 6 draws label text from the browser's own fonts when the style
 * has no `glyphs` URL. An online raster basemap is added under everything only when the region has one.
 */
export function regionStyle(region: RegionView, villageName: VillageNameField, clusterMaxZoom: number): StyleSpecification {
  const online = region.basemap !== null;
  const style: StyleSpecification = {
    version: 8,
    name: `Skopia ${region.info.id}`,
    sources: {
      boundary: {
        type: 'geojson',
        data: region.boundary ?? { type: 'FeatureCollection', features: [] },
      },
      villages: {
        type: 'geojson',
        data: {
          type: 'FeatureCollection',
          features: region.villages.map((village) => ({
            type: 'Feature',
            id: village.id,
            geometry: { type: 'Point', coordinates: [village.lon, village.lat] },
            properties: { id: village.id, name: village.name, nameLocal: village.nameLocal },
          })),
        },
      },
      [SENSOR_SOURCE]: {
        type: 'geojson',
        data: { type: 'FeatureCollection', features: [] },
        // Stable ids let updateData patch single sensors and feature-state mark the selected one.
        promoteId: 'id',
        cluster: true,
        clusterMaxZoom,
        clusterRadius: 40,
        clusterProperties: SENSOR_CLUSTER_PROPERTIES,
      },
      [ALERT_SENSOR_SOURCE]: {
        type: 'geojson',
        data: { type: 'FeatureCollection', features: [] },
        promoteId: 'id',
      },
      ...operationsSources(),
    },
    // No background layer: the container's CSS background shows through the cleared canvas, which
    // spares a full-screen fill on every frame (it matters on a wall screen's PC without a GPU).
    layers: [
      {
        id: 'region-fill',
        type: 'fill',
        source: 'boundary',
        // Over a basemap the fill only tints, so roads and terrain stay visible.
        paint: { 'fill-color': MAP_COLOURS.regionFill, 'fill-opacity': online ? 0.25 : 1 },
      },
      {
        id: 'region-outline',
        type: 'line',
        source: 'boundary',
        layout: { 'line-join': 'round' },
        paint: { 'line-color': MAP_COLOURS.regionOutline, 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 2, 14, 4] },
      },
      ...alertAreaLayers(),
      {
        id: 'village-dots',
        type: 'circle',
        source: 'villages',
        paint: {
          'circle-radius': 4,
          'circle-color': MAP_COLOURS.village,
          'circle-stroke-color': MAP_COLOURS.villageHalo,
          'circle-stroke-width': 1.5,
        },
      },
      ...dispatchLineLayers(),
      ...sensorLayers(),
      // Labels above healthy sensors, so a sensor beside a village does not blot out its name; alerts above all.
      {
        id: VILLAGE_LABEL_LAYER,
        type: 'symbol',
        source: 'villages',
        layout: {
          'text-field': ['get', villageName],
          'text-font': ['Noto Sans Bold'],
          'text-size': ['interpolate', ['linear'], ['zoom'], 8, 15, 13, 20],
          'text-anchor': 'top',
          'text-offset': [0, 0.6],
          'text-allow-overlap': false,
        },
        paint: {
          'text-color': MAP_COLOURS.village,
          'text-halo-color': MAP_COLOURS.villageHalo,
          'text-halo-width': 2,
        },
      },
      ...operationsSymbolLayers(),
      ...alertLayers(),
      pickLayer(),
    ],
  };
  if (region.basemap !== null) {
    style.sources['basemap'] = {
      type: 'raster',
      tiles: [region.basemap.tileUrl],
      tileSize: 256,
      attribution: region.basemap.attribution,
    };
    // Darkened so the sensors, not the streets, are what the eye finds from across the room.
    style.layers.splice(1, 0, {
      id: 'basemap',
      type: 'raster',
      source: 'basemap',
      paint: { 'raster-brightness-max': 0.55, 'raster-saturation': -0.5 },
    });
  }
  return style;
}
