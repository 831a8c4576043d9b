/** Builders for alert tests: engine transitions, alert records, a registry lookup near Polygyros. */
import type { AlertTransition } from '../../../rules/engine/types.ts';
import type { AlertRecord } from '../../../server/alerts/alert-record.ts';
import type { PlaceLookup } from '../../../server/alerts/subject-place.ts';
import type { Sensor, Village } from '../../../server/contracts/registry.ts';

export const T0 = Date.UTC(2024, 6, 15, 8, 0, 0);
export const MIN = 60_000;

export const SENSORS: readonly Sensor[] = [
  { id: 'ws-1', kind: 'weather_station', name: 'Polygyros station', lat: 40.381, lon: 23.446, villageId: 'polygyros', gatewayId: 'gw-1', expectedIntervalS: 60 },
  { id: 'wl-1', kind: 'water_level_gauge', name: 'Torrent gauge', lat: 40.39, lon: 23.45, villageId: 'polygyros', gatewayId: 'gw-1', expectedIntervalS: 120, levels: { warningLevelCm: 120, alarmLevelCm: 180 } },
  { id: 'fs-1', kind: 'fire_sensor', name: 'Forest sensor 1', lat: 40.44, lon: 23.5, villageId: 'taxiarchis', gatewayId: 'gw-2', expectedIntervalS: 300 },
  { id: 'fs-2', kind: 'fire_sensor', name: 'Forest sensor 2', lat: 40.45, lon: 23.52, villageId: 'taxiarchis', gatewayId: 'gw-2', expectedIntervalS: 300 },
  { id: 'fs-3', kind: 'fire_sensor', name: 'Forest sensor 3', lat: 40.46, lon: 23.54, villageId: 'vavdos', gatewayId: 'gw-2', expectedIntervalS: 300 },
];

export const VILLAGES: readonly Village[] = [
  { id: 'polygyros', name: 'Polygyros', nameLocal: 'Πολύγυρος', lat: 40.378, lon: 23.443 },
  { id: 'taxiarchis', name: 'Taxiarchis', nameLocal: 'Ταξιάρχης', lat: 40.433, lon: 23.509 },
];

export const places: PlaceLookup = {
  sensor: (id) => SENSORS.find((s) => s.id === id),
  gateway: (id) => (id === 'gw-2' ? { id, name: 'Cholomontas gateway', format: 'native' } : undefined),
  sensorsOfGateway: (id) => SENSORS.filter((s) => s.gatewayId === id),
  village: (id) => VILLAGES.find((v) => v.id === id),
  fallback: { lat: 40.4, lon: 23.4 },
};

export function transition(over: Partial<AlertTransition> = {}): AlertTransition {
  return {
    ruleId: 'strong-wind',
    ruleName: 'Strong wind gusts',
    subject: { type: 'sensor', id: 'ws-1' },
    kind: 'raise',
    hazard: 'storm',
    public: true,
    severity: 'Moderate',
    urgency: 'Immediate',
    certainty: 'Observed',
    value: 80,
    peak: 80,
    unit: 'km/h',
    message: 'Wind gust at Polygyros station is 80 km/h, at or above 75 km/h.',
    machineTypes: ['backhoe_loader', 'tipper_truck', 'generator'],
    sensorIds: ['ws-1'],
    raisedAt: T0,
    observedAt: T0,
    at: T0,
    ...over,
  };
}

export function record(over: Partial<AlertRecord> = {}): AlertRecord {
  return {
    id: 'a-1',
    ruleId: 'strong-wind',
    ruleName: 'Strong wind gusts',
    hazard: 'storm',
    public: true,
    subjectType: 'sensor',
    subjectId: 'ws-1',
    subjectName: 'Polygyros station',
    state: 'firing',
    severity: 'Moderate',
    urgency: 'Immediate',
    certainty: 'Observed',
    value: 80,
    peak: 80,
    unit: 'km/h',
    message: 'Wind gust is 80 km/h.',
    machineTypes: ['backhoe_loader'],
    sensorIds: ['ws-1'],
    lat: 40.381,
    lon: 23.446,
    villageId: 'polygyros',
    raisedAt: T0,
    updatedAt: T0,
    observedAt: T0,
    acknowledged: null,
    resolved: null,
    escalationLevel: 0,
    escalationSince: T0,
    lastNotifiedAt: T0,
    engineActive: true,
    ...over,
  };
}
