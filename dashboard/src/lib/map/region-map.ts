import './worker.ts';
import { AttributionControl, Map as MapLibreMap, NavigationControl, Popup, type GeoJSONSource } from 'maplibre-gl';
import type { SensorView } from '../../../../server/contracts/live.ts';
import type { RegionView } from '../../../../server/contracts/registry.ts';
import { regionStyle, VILLAGE_LABEL_LAYER, type VillageNameField } from './region-style.ts';
import { SensorFeatureTracker } from './sensor-features.ts';
import {
  ALERT_HALO_LAYER,
  ALERT_LAYER,
  SENSOR_DOT_LAYERS,
  SENSOR_LAYER,
  SENSOR_SOURCE,
  sensorFillOpacity,
} from './sensor-style.ts';

export interface RegionMapOptions {
  readonly container: HTMLElement;
  readonly region: RegionView;
  readonly villageName: VillageNameField;
  /** Zoom buttons; off on a wall screen that nobody touches. */
  readonly controls: boolean;
  /** Every sensor known when the map finishes loading (later changes come through the update methods). */
  readonly currentSensors: () => readonly SensorView[];
  readonly onSensorClick: (sensorId: string | null) => void;
  readonly onError: (error: unknown) => void;
}

/**
 * The MapLibre map of one region, and the only code that talks to MapLibre. Sensors arrive already
 * coalesced per animation frame (LiveManager), so each call here is at most one source update per frame.
 */
export class RegionMap {
  readonly #map: MapLibreMap;
  readonly #options: RegionMapOptions;
  readonly #tracker = new SensorFeatureTracker();
  #loaded = false;
  #selected: string | null = null;
  #popup: Popup | null = null;
  #basemapWarned = false;

  constructor(options: RegionMapOptions) {
    this.#options = options;
    const [west, south, east, north] = options.region.bbox;
    this.#map = new MapLibreMap({
      container: options.container,
      style: regionStyle(options.region, options.villageName),
      bounds: [west, south, east, north],
      fitBoundsOptions: { padding: 48 },
      attributionControl: false,
      // Labels are few and must read the same on every screen; the rotation gesture only disorients.
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
    });
    this.#map.addControl(
      new AttributionControl({ compact: false, customAttribution: options.region.info.attribution }),
      'bottom-right',
    );
    if (options.controls) this.#map.addControl(new NavigationControl({ showCompass: false }), 'bottom-left');
    this.#map.on('load', () => {
      this.#loaded = true;
      this.setAllSensors(options.currentSensors());
      if (this.#selected !== null) this.#markSelected(this.#selected, true);
    });
    this.#map.on('error', (event) => {
      // The online basemap is decoration: without internet its tiles fail, and the offline map still stands.
      if ((event as { sourceId?: unknown }).sourceId === 'basemap') {
        if (!this.#basemapWarned) console.warn('basemap tiles are unavailable', event.error);
        this.#basemapWarned = true;
        return;
      }
      options.onError(event.error);
    });
    this.#listenForClicks();
  }

  /** A snapshot: replace the whole source. */
  setAllSensors(sensors: readonly SensorView[]): void {
    if (!this.#loaded) return;
    this.#source().setData(this.#tracker.reset(sensors)).catch(this.#options.onError);
  }

  /** A batch of deltas: one diff, or nothing when no sensor changed how it looks. */
  updateSensors(changed: readonly SensorView[]): void {
    if (!this.#loaded) return;
    const diff = this.#tracker.diff(changed);
    if (diff !== null) this.#source().updateData(diff).catch(this.#options.onError);
  }

  /** Highlights one sensor through feature-state (no data upload), and un-highlights the previous one. */
  select(sensorId: string | null): void {
    if (sensorId === this.#selected) return;
    if (this.#loaded && this.#selected !== null) this.#markSelected(this.#selected, false);
    this.#selected = sensorId;
    if (this.#loaded && sensorId !== null) this.#markSelected(sensorId, true);
  }

  /** Brings a sensor into view (keeping the zoom) when it is outside the visible part of the map. */
  reveal(lon: number, lat: number): void {
    if (!this.#map.getBounds().contains([lon, lat])) this.#map.jumpTo({ center: [lon, lat] });
  }

  setVillageName(field: VillageNameField): void {
    if (this.#loaded) this.#map.setLayoutProperty(VILLAGE_LABEL_LAYER, 'text-field', ['get', field]);
  }

  /** Dims every sensor while the data may be out of date, so nobody trusts old colours. */
  setDimmed(dimmed: boolean): void {
    if (!this.#loaded) return;
    const factor = dimmed ? 0.35 : 1;
    for (const layer of [SENSOR_LAYER, ALERT_LAYER]) {
      this.#map.setPaintProperty(layer, 'circle-opacity', sensorFillOpacity(factor));
      this.#map.setPaintProperty(layer, 'circle-stroke-opacity', factor);
    }
    this.#map.setPaintProperty(ALERT_HALO_LAYER, 'circle-opacity', 0.3 * factor);
    this.#map.setPaintProperty(ALERT_HALO_LAYER, 'circle-stroke-opacity', 0.9 * factor);
  }

  /**
   * Shows `content` in a popup pointing at a sensor. The content is rendered by the caller (Svelte), so
   * it stays reactive; closing is the caller's decision too (its own button, a click elsewhere).
   */
  showPopup(lon: number, lat: number, content: HTMLElement): void {
    this.#popup ??= new Popup({
      closeButton: false,
      closeOnClick: false,
      closeOnMove: false,
      maxWidth: 'none',
      offset: 18,
      className: 'sensor-popup',
    });
    this.#popup.setLngLat([lon, lat]).setDOMContent(content);
    if (!this.#popup.isOpen()) this.#popup.addTo(this.#map);
  }

  closePopup(): void {
    this.#popup?.remove();
    this.#popup = null;
  }

  destroy(): void {
    this.closePopup();
    this.#map.remove();
  }

  #source(): GeoJSONSource {
    const source = this.#map.getSource<GeoJSONSource>(SENSOR_SOURCE);
    if (source === undefined) throw new Error(`map source ${SENSOR_SOURCE} is missing`);
    return source;
  }

  #markSelected(sensorId: string, selected: boolean): void {
    this.#map.setFeatureState({ source: SENSOR_SOURCE, id: sensorId }, { selected });
  }

  #listenForClicks(): void {
    const clickable = [...SENSOR_DOT_LAYERS];
    this.#map.on('click', (event) => {
      // A tolerance box: a finger or a wall-screen mouse rarely lands on an 8 px dot exactly.
      const { x, y } = event.point;
      const hits = this.#map.queryRenderedFeatures(
        [
          [x - 8, y - 8],
          [x + 8, y + 8],
        ],
        { layers: clickable },
      );
      const id: unknown = hits[0]?.properties['id'];
      this.#options.onSensorClick(typeof id === 'string' ? id : null);
    });
    for (const layer of clickable) {
      this.#map.on('mouseenter', layer, () => (this.#map.getCanvas().style.cursor = 'pointer'));
      this.#map.on('mouseleave', layer, () => (this.#map.getCanvas().style.cursor = ''));
    }
  }
}
