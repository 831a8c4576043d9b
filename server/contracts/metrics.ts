/**
 * The metric vocabulary: names are part of the gateway contract (docs/gateways.md), units are SI.
 * Gateways may send other names matching METRIC_NAME; these are the ones the product knows how to show.
 */
/** `time` is excluded: InfluxDB reserves it. */
export const METRIC_NAME = /^(?!time$)[a-z][a-z0-9_]{0,63}$/;

export interface MetricInfo {
  readonly unit: string;
  readonly label: string;
  /** A boolean metric is stored as 0/1 and shown as yes/no. */
  readonly boolean?: true;
}

export const KNOWN_METRICS = {
  air_temperature_c: { unit: '°C', label: 'Air temperature' },
  relative_humidity_pct: { unit: '%', label: 'Relative humidity' },
  wind_speed_kmh: { unit: 'km/h', label: 'Wind speed' },
  wind_gust_kmh: { unit: 'km/h', label: 'Wind gust' },
  wind_direction_deg: { unit: '°', label: 'Wind direction' },
  rain_mm: { unit: 'mm', label: 'Rain since last report' },
  pressure_hpa: { unit: 'hPa', label: 'Air pressure' },
  water_level_cm: { unit: 'cm', label: 'Water level' },
  flow_m3s: { unit: 'm³/s', label: 'Flow' },
  co_ppm: { unit: 'ppm', label: 'Carbon monoxide' },
  h2_ppm: { unit: 'ppm', label: 'Hydrogen' },
  voc_index: { unit: '', label: 'VOC index' },
  smoke: { unit: '', label: 'Smoke detected', boolean: true },
  battery_pct: { unit: '%', label: 'Battery' },
  rssi_dbm: { unit: 'dBm', label: 'Signal (RSSI)' },
  snr_db: { unit: 'dB', label: 'Signal-to-noise' },
} as const satisfies Record<string, MetricInfo>;

export type KnownMetric = keyof typeof KNOWN_METRICS;

export function metricInfo(name: string): MetricInfo | undefined {
  return (KNOWN_METRICS as Record<string, MetricInfo>)[name];
}
