import { z } from 'zod';
import { ID_PATTERN } from './topics.ts';
import { METRIC_NAME } from './metrics.ts';

export const IdSchema = z.string().regex(ID_PATTERN, 'letters, digits, "_", "." or "-", at most 64 characters');

export const LatitudeSchema = z.number().min(-90).max(90);
export const LongitudeSchema = z.number().min(-180).max(180);

export const SENSOR_KINDS = ['weather_station', 'water_level_gauge', 'fire_sensor'] as const;
export const SensorKindSchema = z.enum(SENSOR_KINDS);
export type SensorKind = z.infer<typeof SensorKindSchema>;

/** How a gateway's messages arrive: our own contract, or a LoRaWAN network server's MQTT integration. */
export const GATEWAY_FORMATS = ['native', 'ttn', 'chirpstack'] as const;
export const GatewayFormatSchema = z.enum(GATEWAY_FORMATS);
export type GatewayFormat = z.infer<typeof GatewayFormatSchema>;

export const GatewaySchema = z.strictObject({
  id: IdSchema,
  name: z.string().min(1).max(200),
  format: GatewayFormatSchema,
  /** TTN application id or ChirpStack application id, for LoRaWAN gateways. */
  applicationId: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,200}$/, 'letters, digits, "_", "." or "-"')
    .optional(),
  /** The Things Stack tenant (`ttn` on The Things Network), the part after `@` in its topics. */
  tenantId: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,100}$/, 'letters, digits, "_", "." or "-"')
    .optional(),
});
export type Gateway = z.infer<typeof GatewaySchema>;

/** A flood gauge's levels are set per gauge by the water authority (DOMAIN.md §2), so they live here. */
export const GaugeLevelsSchema = z
  .strictObject({
    warningLevelCm: z.number(),
    alarmLevelCm: z.number(),
  })
  .refine((l) => l.alarmLevelCm > l.warningLevelCm, { message: 'alarmLevelCm must be above warningLevelCm' });
export type GaugeLevels = z.infer<typeof GaugeLevelsSchema>;

/** LoRaWAN identity: the device EUI, and how the network server's decoded fields map to our metrics. */
export const LorawanDeviceSchema = z.strictObject({
  devEui: z.string().regex(/^[0-9A-Fa-f]{16}$/, '16 hexadecimal digits'),
  /** decoded field name → metric name */
  fieldMap: z.record(z.string().min(1), z.string().regex(METRIC_NAME)),
});
export type LorawanDevice = z.infer<typeof LorawanDeviceSchema>;

export const SensorSchema = z.strictObject({
  id: IdSchema,
  kind: SensorKindSchema,
  name: z.string().min(1).max(200),
  lat: LatitudeSchema,
  lon: LongitudeSchema,
  villageId: IdSchema,
  gatewayId: IdSchema,
  /** How often the sensor reports; health calls it stale after 3× this without data. */
  expectedIntervalS: z.number().int().min(1).max(86_400),
  levels: GaugeLevelsSchema.optional(),
  lorawan: LorawanDeviceSchema.optional(),
});
export type Sensor = z.infer<typeof SensorSchema>;

export const VillageSchema = z.strictObject({
  id: IdSchema,
  name: z.string().min(1),
  /** Local-language name (Greek, Polish, ...). */
  nameLocal: z.string().min(1),
  lat: LatitudeSchema,
  lon: LongitudeSchema,
});
export type Village = z.infer<typeof VillageSchema>;

export const RegionInfoSchema = z.strictObject({
  id: IdSchema,
  name: z.string().min(1),
  nameLocal: z.string().min(1),
  country: z.string().length(2),
  timezone: z.string().min(1),
  /** Attribution shown on the map for the boundary data. */
  attribution: z.string(),
});
export type RegionInfo = z.infer<typeof RegionInfoSchema>;

/** What the dashboard needs to draw the region offline; served at GET /api/region. */
export interface RegionView {
  readonly info: RegionInfo;
  /** [west, south, east, north] */
  readonly bbox: readonly [number, number, number, number];
  readonly boundary: GeoJSON.FeatureCollection | null;
  readonly villages: readonly Village[];
  /** Optional online raster tiles; null means the offline basemap drawn from the boundary alone. */
  readonly basemap: { readonly tileUrl: string; readonly attribution: string } | null;
}
