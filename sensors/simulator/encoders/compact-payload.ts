/**
 * The bytes our simulated LoRaWAN devices send (frm_payload / data): "Skopia compact uplink v1", on
 * fPort 1. A sequence of entries, each a one-byte metric code followed by the value, big-endian, scaled
 * to an integer (Cayenne LPP's idea, with codes for our metrics instead of LPP's channel + type):
 *
 * | code | metric                | bytes | scale     | range               |
 * |------|-----------------------|-------|-----------|---------------------|
 * | 0x01 | air_temperature_c     | i16   | 0.1 °C    | −3276.8 … 3276.7    |
 * | 0x02 | relative_humidity_pct | u8    | 0.5 %     | 0 … 127.5           |
 * | 0x03 | wind_speed_kmh        | u16   | 0.1 km/h  | 0 … 6553.5          |
 * | 0x04 | wind_gust_kmh         | u16   | 0.1 km/h  |                     |
 * | 0x05 | wind_direction_deg    | u16   | 1°        | 0 … 359             |
 * | 0x06 | rain_mm               | u16   | 0.1 mm    |                     |
 * | 0x07 | pressure_hpa          | u16   | 0.1 hPa   |                     |
 * | 0x08 | water_level_cm        | i16   | 0.1 cm    | −3276.8 … 3276.7    |
 * | 0x09 | flow_m3s              | u32   | 0.1 m³/s  |                     |
 * | 0x0a | co_ppm                | u16   | 0.1 ppm   | 0 … 6553.5          |
 * | 0x0b | h2_ppm                | u16   | 0.1 ppm   |                     |
 * | 0x0c | voc_index             | u16   | 1         | 1 … 500             |
 * | 0x0d | smoke                 | u8    | 0/1       |                     |
 * | 0x0e | battery_pct           | u8    | 1 %       | 0 … 100             |
 *
 * The network server's payload formatter decodes these and names the fields as the device's registry
 * record expects (its lorawan.fieldMap), which is what arrives as decoded_payload / object.
 */
export const COMPACT_PAYLOAD_FPORT = 1;

type Encoding = 'i16' | 'u8' | 'u16' | 'u32' | 'bool';

interface FieldSpec {
  readonly code: number;
  readonly metric: string;
  readonly encoding: Encoding;
  /** Integer units per metric unit. */
  readonly scale: number;
}

export const COMPACT_FIELDS: readonly FieldSpec[] = [
  { code: 0x01, metric: 'air_temperature_c', encoding: 'i16', scale: 10 },
  { code: 0x02, metric: 'relative_humidity_pct', encoding: 'u8', scale: 2 },
  { code: 0x03, metric: 'wind_speed_kmh', encoding: 'u16', scale: 10 },
  { code: 0x04, metric: 'wind_gust_kmh', encoding: 'u16', scale: 10 },
  { code: 0x05, metric: 'wind_direction_deg', encoding: 'u16', scale: 1 },
  { code: 0x06, metric: 'rain_mm', encoding: 'u16', scale: 10 },
  { code: 0x07, metric: 'pressure_hpa', encoding: 'u16', scale: 10 },
  { code: 0x08, metric: 'water_level_cm', encoding: 'i16', scale: 10 },
  { code: 0x09, metric: 'flow_m3s', encoding: 'u32', scale: 10 },
  { code: 0x0a, metric: 'co_ppm', encoding: 'u16', scale: 10 },
  { code: 0x0b, metric: 'h2_ppm', encoding: 'u16', scale: 10 },
  { code: 0x0c, metric: 'voc_index', encoding: 'u16', scale: 1 },
  { code: 0x0d, metric: 'smoke', encoding: 'bool', scale: 1 },
  { code: 0x0e, metric: 'battery_pct', encoding: 'u8', scale: 1 },
];

const BY_METRIC = new Map(COMPACT_FIELDS.map((f) => [f.metric, f]));
const BY_CODE = new Map(COMPACT_FIELDS.map((f) => [f.code, f]));

const SIZE: Record<Encoding, number> = { i16: 2, u8: 1, u16: 2, u32: 4, bool: 1 };
const LIMITS: Record<Exclude<Encoding, 'bool'>, readonly [number, number]> = {
  i16: [-32_768, 32_767],
  u8: [0, 255],
  u16: [0, 65_535],
  u32: [0, 4_294_967_295],
};

export type CompactValues = Record<string, number | boolean>;

/**
 * Encodes the metrics the table knows, in table order. Returns the bytes and the values a decoder will
 * read back (rounded to the field's scale, clamped to its range), so the decoded object matches the bytes.
 */
export function encodeCompactPayload(metrics: Readonly<Record<string, number | boolean>>): { bytes: Buffer; values: CompactValues } {
  const chunks: Buffer[] = [];
  const values: CompactValues = {};
  for (const field of COMPACT_FIELDS) {
    const value = metrics[field.metric];
    if (value === undefined) continue;
    const chunk = Buffer.alloc(1 + SIZE[field.encoding]);
    chunk.writeUInt8(field.code, 0);
    if (field.encoding === 'bool') {
      const flag = value === true || value === 1;
      chunk.writeUInt8(flag ? 1 : 0, 1);
      values[field.metric] = flag;
    } else {
      const [min, max] = LIMITS[field.encoding];
      const raw = Math.min(max, Math.max(min, Math.round(Number(value) * field.scale)));
      writeInt(chunk, field.encoding, raw);
      values[field.metric] = raw / field.scale;
    }
    chunks.push(chunk);
  }
  return { bytes: Buffer.concat(chunks), values };
}

/** The reference decoder (what the network server's payload formatter does before renaming fields). */
export function decodeCompactPayload(bytes: Uint8Array): CompactValues {
  const buffer = Buffer.from(bytes);
  const values: CompactValues = {};
  let offset = 0;
  while (offset < buffer.length) {
    const code = buffer.readUInt8(offset);
    const field = BY_CODE.get(code);
    if (field === undefined) throw new Error(`unknown field code 0x${code.toString(16)} at byte ${offset}`);
    offset += 1;
    if (offset + SIZE[field.encoding] > buffer.length) throw new Error(`truncated ${field.metric} at byte ${offset}`);
    if (field.encoding === 'bool') values[field.metric] = buffer.readUInt8(offset) !== 0;
    else values[field.metric] = readInt(buffer, field.encoding, offset) / field.scale;
    offset += SIZE[field.encoding];
  }
  return values;
}

export function isCompactMetric(metric: string): boolean {
  return BY_METRIC.has(metric);
}

function writeInt(buffer: Buffer, encoding: Exclude<Encoding, 'bool'>, value: number): void {
  switch (encoding) {
    case 'i16':
      buffer.writeInt16BE(value, 1);
      return;
    case 'u8':
      buffer.writeUInt8(value, 1);
      return;
    case 'u16':
      buffer.writeUInt16BE(value, 1);
      return;
    case 'u32':
      buffer.writeUInt32BE(value, 1);
      return;
  }
}

function readInt(buffer: Buffer, encoding: Exclude<Encoding, 'bool'>, offset: number): number {
  switch (encoding) {
    case 'i16':
      return buffer.readInt16BE(offset);
    case 'u8':
      return buffer.readUInt8(offset);
    case 'u16':
      return buffer.readUInt16BE(offset);
    case 'u32':
      return buffer.readUInt32BE(offset);
  }
}
