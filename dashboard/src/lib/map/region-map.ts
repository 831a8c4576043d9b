import './worker.ts';
import {
  AttributionControl,
  Map as MapLibreMap,
  NavigationControl,
  Popup,
  type GeoJSONSource,
  type GeoJSONSourceDiff,
  type PaddingOptions,
} from 'maplibre-gl';
import type { AlertView } from '../../../../server/contracts/alerts.ts';
import type { DispatchView } from '../../../../server/contracts/dispatch.ts';
import type { SensorView } from '../../../../server/contracts/live.ts';
import type { MachineView } from '../../../../server/contracts/machinery.ts';
import type { RegionView } from '../../../../server/contracts/registry.ts';
import { mapIcons, renderSymbol } from './map-symbols.ts';
import {
  alertAreaCollection,
  dispatchLineCollection,
  machineCollection,
  placeCollection,
  type LatLon,
  type MapPlace,
} from './operations-features.ts';
import {
  ALERT_AREA_FILL_LAYER,
  ALERT_AREA_SOURCE,
  COVERAGE_LAYER,
  COVERAGE_SOURCE,
  DISPATCH_LINE_SOURCE,
  MACHINE_LAYER,
  MACHINE_SOURCE,
  PICK_SOURCE,
  PLACE_SOURCE,
} from './operations-style.ts';
import { regionStyle, VILLAGE_LABEL_LAYER, type VillageNameField } from './region-style.ts';
import type { SensorStatus } from '../managers/sensor-status.ts';
import { SensorFeatureTracker, type SensorSourceRole } from './sensor-features.ts';
import {
  ALERT_HALO_LAYER,
  ALERT_LAYER,
  ALERT_SENSOR_SOURCE,
  clusterMaxZoom,
  SENSOR_CLUSTER_LAYER,
  SENSOR_DOT_LAYERS,
  SENSOR_LAYER,
  SENSOR_SOURCE,
  sensorFillOpacity,
} from './sensor-style.ts';

declare global {
  interface Window {
    /** The live map, for end-to-end tests and the dashboard benchmark (screen positions of sensors). */
    skopiaMap?: RegionMap;
  }
}

export interface RegionMapOptions {
  readonly container: HTMLElement;
  readonly region: RegionView;
  readonly villageName: VillageNameField;
  /** Zoom buttons; off on a wall screen that nobody touches. */
  readonly controls: boolean;
  /** Every sensor known when the map finishes loading (later changes come through the update methods). */
  readonly currentSensors: () => readonly SensorView[];
  /** Where a sensor is, for drawing alert areas around their sensors. */
  readonly sensorPosition: (id: string) => LatLon | undefined;
  readonly onSensorClick: (sensorId: string | null) => void;
  readonly onAlertClick?: (alertId: string) => void;
  readonly onMachineClick?: (machineId: string) => void;
  /** A click while picking a point (see `setPicking`). */
  readonly onPick?: (point: LatLon) => void;
  readonly onError: (error: unknown) => void;
  /** Called once the style and the first data are on the map. */
  readonly onReady?: () => void;
  /** The map stopped moving: its new centre. */
  readonly onMove?: (centre: LatLon) => void;
}

/**
 * How soon the clustered source's data follows the live data. Each update regroups every cluster in the
 * worker and reloads and redraws every tile: that, not the data, is what costs. A sensor's new colour is
 * shown at once by feature-state, so its data (what clusters count, the draw order) can wait half a
 * minute; a new or moved sensor waits five seconds at most. Alerting sensors have their own source.
 */
const CLUSTER_DATA_LAZY_MS = 30_000;
const CLUSTER_DATA_SOON_MS = 5_000;
/**
 * New colours of sensors are painted together at most this often: every repaint costs, and on a PC
 * without a GPU it costs a great deal, while health (online, late, offline) changes over minutes.
 */
const STATUS_PAINT_MS = 1_000;
const SOURCE_SENSOR_ROLE: Readonly<Record<SensorSourceRole, string>> = { cluster: SENSOR_SOURCE, alerting: ALERT_SENSOR_SOURCE };

/**
 * Whether WebGL runs in software (SwiftShader, llvmpipe): a wall-screen PC without a working GPU. Every
 * frame then costs the CPU dearly, so the camera jumps instead of flying (an animated flight would
 * starve the live stream for its whole duration).
 */
function softwareRendering(): boolean {
  try {
    const gl = document.createElement('canvas').getContext('webgl');
    if (gl === null) return true;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info === null ? gl.RENDERER : info.UNMASKED_RENDERER_WEBGL));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return /swiftshader|llvmpipe|software|softpipe/i.test(renderer);
  } catch {
    return false;
  }
}

/**
 * The MapLibre map of one region, and the only code that talks to MapLibre. Sensors arrive already
 * coalesced per animation frame (LiveManager), so each call here is at most one source update per frame;
 * the big clustered source is updated at most every CLUSTER_UPDATE_INTERVAL_MS, since each update
 * regroups every cluster in the worker.
 */
export class RegionMap {
  readonly #map: MapLibreMap;
  readonly #options: RegionMapOptions;
  readonly #tracker = new SensorFeatureTracker();
  readonly #resizeObserver: ResizeObserver;
  #loaded = false;
  #selected: string | null = null;
  #selectedRole: SensorSourceRole | undefined;
  #selectedAlert: string | null = null;
  #popup: Popup | null = null;
  #basemapWarned = false;
  #clusterTimer: ReturnType<typeof setTimeout> | null = null;
  #clusterDueAt = Infinity;
  #pendingStatus = new Map<string, SensorStatus>();
  #statusTimer: ReturnType<typeof setTimeout> | null = null;
  #clusterMaxZoom: number;
  #picking = false;
  #machines = new Map<string, MachineView>();
  #alerts: readonly AlertView[] = [];
  #dispatches: readonly DispatchView[] = [];
  #places: readonly MapPlace[] = [];
  #coverage: GeoJSON.FeatureCollection | null = null;
  /** Camera moves take this long; 0 (a jump) when drawing in software. */
  readonly #flightMs: number;

  constructor(options: RegionMapOptions) {
    this.#flightMs = softwareRendering() ? 0 : 2500;
    this.#options = options;
    const [west, south, east, north] = options.region.bbox;
    this.#clusterMaxZoom = 9;
    this.#map = new MapLibreMap({
      container: options.container,
      style: regionStyle(options.region, options.villageName, this.#clusterMaxZoom),
      bounds: [west, south, east, north],
      fitBoundsOptions: { padding: 48 },
      attributionControl: false,
      // Labels are few and must read the same on every screen; the rotation gesture only disorients.
      dragRotate: false,
      // Tiles reload whenever sensors change state; fading labels in again each time would keep the map
      // repainting for nothing (and a wall screen's PC may draw without a GPU).
      fadeDuration: 0,
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
      this.#addIcons();
      this.setAllSensors(options.currentSensors());
      this.#drawOperations();
      if (this.#selected !== null) this.#markSelected(this.#selected, true);
      options.container.dataset['mapReady'] = 'true';
      options.onReady?.();
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
    this.#map.on('moveend', () => options.onMove?.(this.center));
    this.#listenForClicks();
    // Panels open and close beside the map; MapLibre only watches the window by itself.
    this.#resizeObserver = new ResizeObserver(() => {
      // A hidden map (another console screen is shown) keeps its size until it is shown again.
      if (options.container.clientWidth > 0 && options.container.clientHeight > 0) this.#map.resize();
    });
    this.#resizeObserver.observe(options.container);
  }

  /** True when the browser draws WebGL in software (no GPU): animations are left out. */
  get software(): boolean {
    return this.#flightMs === 0;
  }

  /** The zoom at which the whole region fills the map. */
  get regionZoom(): number {
    const [west, south, east, north] = this.#options.region.bbox;
    return this.#map.cameraForBounds([west, south, east, north], { padding: 48 })?.zoom ?? this.#map.getZoom();
  }

  /** A snapshot: replace both sensor sources (and forget the statuses set as feature-state). */
  setAllSensors(sensors: readonly SensorView[]): void {
    if (!this.#loaded) return;
    this.#cancelClusterUpdate();
    const collections = this.#tracker.reset(sensors);
    this.#applyClusterZoom(sensors.length);
    this.#map.removeFeatureState({ source: SENSOR_SOURCE });
    this.#map.removeFeatureState({ source: ALERT_SENSOR_SOURCE });
    this.#pendingStatus.clear();
    this.#selectedRole = undefined;
    this.#source(SENSOR_SOURCE).setData(collections.cluster).catch(this.#options.onError);
    this.#source(ALERT_SENSOR_SOURCE).setData(collections.alerting).catch(this.#options.onError);
    if (this.#selected !== null) this.#markSelected(this.#selected, true);
    // Alert areas are drawn around sensors, which may only now be known.
    this.#drawAlerts();
  }

  /** A batch of deltas: new colours and alerting sensors at once; the clustered data lazily (see above). */
  updateSensors(changed: readonly SensorView[]): void {
    if (!this.#loaded) return;
    this.#tracker.apply(changed);
    this.#push(ALERT_SENSOR_SOURCE, this.#tracker.alerting.take());
    for (const [id, status] of this.#tracker.takeStatusChanges()) this.#pendingStatus.set(id, status);
    if (this.#pendingStatus.size > 0 && this.#statusTimer === null) {
      this.#statusTimer = setTimeout(() => this.#paintStatuses(), STATUS_PAINT_MS);
    }
    if (this.#tracker.takeUrgent()) this.#scheduleClusterUpdate(CLUSTER_DATA_SOON_MS);
    else if (this.#tracker.cluster.pendingCount > 0) this.#scheduleClusterUpdate(CLUSTER_DATA_LAZY_MS);
    this.#refreshSelection();
  }

  /** Open alerts: their areas, drawn around their sensors. */
  setAlerts(alerts: readonly AlertView[]): void {
    this.#alerts = alerts;
    this.#drawAlerts();
  }

  setMachines(machines: readonly MachineView[]): void {
    this.#machines = new Map(machines.map((m) => [m.id, m]));
    if (!this.#loaded) return;
    this.#source(MACHINE_SOURCE).setData(machineCollection(machines)).catch(this.#options.onError);
    this.#drawDispatches();
  }

  setDispatches(dispatches: readonly DispatchView[]): void {
    this.#dispatches = dispatches;
    this.#drawDispatches();
    this.#drawPlaces();
  }

  /** Incidents and other places an officer marked (dispatch targets are added to these). */
  setPlaces(places: readonly MapPlace[]): void {
    this.#places = places;
    this.#drawPlaces();
  }

  /** The coverage overlay (GET /api/coverage.geojson), or null to hide it. */
  setCoverage(coverage: GeoJSON.FeatureCollection | null): void {
    this.#coverage = coverage;
    this.#drawCoverage();
  }

  /** Highlights one sensor through feature-state (no data upload), and un-highlights the previous one. */
  select(sensorId: string | null): void {
    if (sensorId === this.#selected) return;
    if (this.#loaded && this.#selected !== null) this.#markSelected(this.#selected, false);
    this.#selected = sensorId;
    if (this.#loaded && sensorId !== null) this.#markSelected(sensorId, true);
  }

  /** Outlines one alert's area. */
  selectAlert(alertId: string | null): void {
    if (alertId === this.#selectedAlert) return;
    if (this.#loaded && this.#selectedAlert !== null) {
      this.#map.setFeatureState({ source: ALERT_AREA_SOURCE, id: this.#selectedAlert }, { selected: false });
    }
    this.#selectedAlert = alertId;
    if (this.#loaded && alertId !== null) this.#map.setFeatureState({ source: ALERT_AREA_SOURCE, id: alertId }, { selected: true });
  }

  /** Brings a point into view (keeping the zoom) when it is outside the visible part of the map. */
  reveal(lon: number, lat: number): void {
    if (!this.#map.getBounds().contains([lon, lat])) this.#map.jumpTo({ center: [lon, lat] });
  }

  /** Flies to a box ([west, south, east, north]), leaving `padding` px free for panels over the map. */
  flyToBounds(bounds: readonly [number, number, number, number], padding: PaddingOptions | number, maxZoom = 11.5): void {
    const [west, south, east, north] = bounds;
    this.#map.fitBounds([west, south, east, north], { padding, maxZoom, duration: this.#flightMs, essential: true });
  }

  /** The whole region in view, as at start. */
  fitRegion(padding: PaddingOptions | number = 48, animate = true): void {
    const [west, south, east, north] = this.#options.region.bbox;
    this.#map.fitBounds([west, south, east, north], { padding, duration: animate ? this.#flightMs : 0, essential: true });
  }

  get center(): LatLon {
    const { lat, lng } = this.#map.getCenter();
    return { lat, lon: lng };
  }

  /** Screen position (px, relative to the map) of a point: for tests and the benchmark. */
  project(lon: number, lat: number): { x: number; y: number } {
    const { x, y } = this.#map.project([lon, lat]);
    return { x, y };
  }

  /** While picking, a click on the map reports a point instead of selecting what is there. */
  setPicking(picking: boolean): void {
    this.#picking = picking;
    this.#map.getCanvas().style.cursor = picking ? 'crosshair' : '';
  }

  /** The marker of a picked point (a manual incident being reported), or null. */
  setPickMarker(point: LatLon | null): void {
    if (!this.#loaded) return;
    const data: GeoJSON.FeatureCollection = {
      type: 'FeatureCollection',
      features:
        point === null ? [] : [{ type: 'Feature', geometry: { type: 'Point', coordinates: [point.lon, point.lat] }, properties: {} }],
    };
    this.#source(PICK_SOURCE).setData(data).catch(this.#options.onError);
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
    this.#map.setPaintProperty(SENSOR_CLUSTER_LAYER, 'circle-opacity', 0.92 * factor);
    this.#map.setPaintProperty(ALERT_HALO_LAYER, 'circle-opacity', 0.3 * factor);
    this.#map.setPaintProperty(ALERT_HALO_LAYER, 'circle-stroke-opacity', 0.9 * factor);
    this.#map.setPaintProperty(MACHINE_LAYER, 'icon-opacity', factor);
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
    this.#cancelClusterUpdate();
    if (this.#statusTimer !== null) clearTimeout(this.#statusTimer);
    this.#resizeObserver.disconnect();
    this.closePopup();
    this.#map.remove();
  }

  #source(id: string): GeoJSONSource {
    const source = this.#map.getSource<GeoJSONSource>(id);
    if (source === undefined) throw new Error(`map source ${id} is missing`);
    return source;
  }

  #push(sourceId: string, diff: GeoJSONSourceDiff | null): void {
    if (diff !== null) this.#source(sourceId).updateData(diff).catch(this.#options.onError);
  }

  #paintStatuses(): void {
    this.#statusTimer = null;
    const pending = this.#pendingStatus;
    this.#pendingStatus = new Map();
    if (!this.#loaded) return;
    for (const [id, status] of pending) this.#map.setFeatureState({ source: SENSOR_SOURCE, id }, { status });
  }

  /** Sends the clustered source's pending data within `withinMs`, keeping an earlier appointment. */
  #scheduleClusterUpdate(withinMs: number): void {
    const due = performance.now() + withinMs;
    if (this.#clusterTimer !== null && this.#clusterDueAt <= due) return;
    this.#cancelClusterUpdate();
    this.#clusterDueAt = due;
    this.#clusterTimer = setTimeout(() => {
      this.#clusterTimer = null;
      this.#clusterDueAt = Infinity;
      if (this.#loaded) this.#push(SENSOR_SOURCE, this.#tracker.cluster.take());
    }, withinMs);
  }

  #cancelClusterUpdate(): void {
    if (this.#clusterTimer !== null) clearTimeout(this.#clusterTimer);
    this.#clusterTimer = null;
    this.#clusterDueAt = Infinity;
  }

  #applyClusterZoom(sensorCount: number): void {
    const zoom = clusterMaxZoom(sensorCount, this.regionZoom);
    if (zoom === this.#clusterMaxZoom) return;
    this.#clusterMaxZoom = zoom;
    this.#source(SENSOR_SOURCE).setClusterOptions({ clusterMaxZoom: zoom }).catch(this.#options.onError);
  }

  #drawOperations(): void {
    this.setMachines([...this.#machines.values()]);
    this.#drawAlerts();
    this.#drawDispatches();
    this.#drawPlaces();
    this.#drawCoverage();
  }

  #drawAlerts(): void {
    if (!this.#loaded) return;
    this.#source(ALERT_AREA_SOURCE).setData(alertAreaCollection(this.#alerts, this.#options.sensorPosition)).catch(this.#options.onError);
    if (this.#selectedAlert !== null) this.#map.setFeatureState({ source: ALERT_AREA_SOURCE, id: this.#selectedAlert }, { selected: true });
  }

  #drawDispatches(): void {
    if (!this.#loaded) return;
    const position = (id: string): LatLon | undefined => this.#machines.get(id)?.position;
    this.#source(DISPATCH_LINE_SOURCE).setData(dispatchLineCollection(this.#dispatches, position)).catch(this.#options.onError);
  }

  #drawPlaces(): void {
    if (!this.#loaded) return;
    const targets: MapPlace[] = this.#dispatches.map((d) => ({
      id: `${d.target.kind}:${d.target.id}`,
      lat: d.target.lat,
      lon: d.target.lon,
      kind: d.target.kind === 'incident' ? 'incident' : 'target',
    }));
    const places = [...this.#places.map((p) => ({ ...p, id: `${p.kind}:${p.id}` })), ...targets];
    this.#source(PLACE_SOURCE).setData(placeCollection(places)).catch(this.#options.onError);
  }

  #drawCoverage(): void {
    if (!this.#loaded) return;
    const visible = this.#coverage !== null;
    this.#map.setLayoutProperty(COVERAGE_LAYER, 'visibility', visible ? 'visible' : 'none');
    const features = (this.#coverage?.features ?? [])
      .filter((f) => f.properties?.['kind'] === 'village')
      .map((f) => ({ ...f, properties: { ...f.properties, icon: `coverage-${String(f.properties?.['worst'])}` } }));
    this.#source(COVERAGE_SOURCE).setData({ type: 'FeatureCollection', features }).catch(this.#options.onError);
  }

  #addIcons(): void {
    const pixelRatio = Math.max(2, Math.ceil(window.devicePixelRatio));
    for (const [name, look] of mapIcons()) {
      if (this.#map.hasImage(name)) continue;
      const image = renderSymbol(look, 24, pixelRatio);
      if (image !== null) this.#map.addImage(name, image, { pixelRatio });
    }
  }

  /** Keeps the highlight on the selected sensor when it moves between the clustered and the alerting source. */
  #refreshSelection(): void {
    if (this.#selected === null) return;
    const role = this.#tracker.roleOf(this.#selected);
    if (role === this.#selectedRole) return;
    this.#markSelected(this.#selected, true);
  }

  #markSelected(sensorId: string, selected: boolean): void {
    if (this.#selectedRole !== undefined) {
      this.#map.setFeatureState({ source: SOURCE_SENSOR_ROLE[this.#selectedRole], id: sensorId }, { selected: false });
    }
    this.#selectedRole = undefined;
    const role = selected ? this.#tracker.roleOf(sensorId) : undefined;
    if (role === undefined) return;
    this.#map.setFeatureState({ source: SOURCE_SENSOR_ROLE[role], id: sensorId }, { selected: true });
    this.#selectedRole = role;
  }

  #listenForClicks(): void {
    const sensorLayers = [...SENSOR_DOT_LAYERS];
    this.#map.on('click', (event) => {
      if (this.#picking) {
        this.#options.onPick?.({ lat: event.lngLat.lat, lon: event.lngLat.lng });
        return;
      }
      // A tolerance box: a finger or a wall-screen mouse rarely lands on an 8 px dot exactly.
      const { x, y } = event.point;
      const box: [[number, number], [number, number]] = [
        [x - 8, y - 8],
        [x + 8, y + 8],
      ];
      const sensor: unknown = this.#map.queryRenderedFeatures(box, { layers: sensorLayers })[0]?.properties['id'];
      if (typeof sensor === 'string') {
        this.#options.onSensorClick(sensor);
        return;
      }
      const machine: unknown = this.#map.queryRenderedFeatures(box, { layers: [MACHINE_LAYER] })[0]?.properties['id'];
      if (typeof machine === 'string' && this.#options.onMachineClick !== undefined) {
        this.#options.onMachineClick(machine);
        return;
      }
      const cluster = this.#map.queryRenderedFeatures(box, { layers: [SENSOR_CLUSTER_LAYER] })[0];
      const clusterId: unknown = cluster?.properties['cluster_id'];
      if (cluster !== undefined && typeof clusterId === 'number' && cluster.geometry.type === 'Point') {
        const [lon = 0, lat = 0] = cluster.geometry.coordinates;
        this.#source(SENSOR_SOURCE)
          .getClusterExpansionZoom(clusterId)
          .then((zoom) => this.#map.easeTo({ center: [lon, lat], zoom }))
          .catch(this.#options.onError);
        return;
      }
      const area: unknown = this.#map.queryRenderedFeatures(event.point, { layers: [ALERT_AREA_FILL_LAYER] })[0]?.properties['id'];
      if (typeof area === 'string' && this.#options.onAlertClick !== undefined) {
        this.#options.onAlertClick(area);
        return;
      }
      this.#options.onSensorClick(null);
    });
    for (const layer of [...sensorLayers, SENSOR_CLUSTER_LAYER, MACHINE_LAYER]) {
      this.#map.on('mouseenter', layer, () => {
        if (!this.#picking) this.#map.getCanvas().style.cursor = 'pointer';
      });
      this.#map.on('mouseleave', layer, () => {
        if (!this.#picking) this.#map.getCanvas().style.cursor = '';
      });
    }
  }
}
