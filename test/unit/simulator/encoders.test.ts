import { describe, expect, it } from 'vitest';
import { NativeBatchEnvelopeSchema, NativeReadingSchema } from '../../../server/contracts/telemetry.ts';
import { parseNativeTopic } from '../../../server/contracts/topics.ts';
import { decodeCompactPayload, encodeCompactPayload, COMPACT_FIELDS } from '../../../sensors/simulator/encoders/compact-payload.ts';
import { encodeNativeBatch, encodeNativeReading, encodeGatewayStatus } from '../../../sensors/simulator/encoders/native-encoder.ts';
import { encodeTtnUplink, ttnDeviceId } from '../../../sensors/simulator/encoders/ttn-encoder.ts';
import { encodeChirpstackUplink } from '../../../sensors/simulator/encoders/chirpstack-encoder.ts';
import { timeOnAirSeconds } from '../../../sensors/simulator/encoders/lora-radio.ts';
import { chirpstackGateway, sensor, ttnGateway } from './fixtures.ts';

const fireFieldMap = {
  co: 'co_ppm',
  h2: 'h2_ppm',
  voc: 'voc_index',
  smoke: 'smoke',
  temperature: 'air_temperature_c',
  humidity: 'relative_humidity_pct',
  battery: 'battery_pct',
};
const fireSensor = sensor({
  id: 'fs-cholomontas-01',
  kind: 'fire_sensor',
  gatewayId: ttnGateway.id,
  lorawan: { devEui: 'A840410000180001', fieldMap: fireFieldMap },
});
const gauge = sensor({
  id: 'wl-kalyves-stream',
  kind: 'water_level_gauge',
  gatewayId: chirpstackGateway.id,
  lorawan: { devEui: '70B3D57ED0051002', fieldMap: { level_cm: 'water_level_cm', battery: 'battery_pct' } },
});
const fireMetrics = { co_ppm: 12.3, h2_ppm: 3.1, voc_index: 212, smoke: true, air_temperature_c: -4.2, relative_humidity_pct: 23, battery_pct: 87 };
const ts = Date.parse('2024-08-12T14:05:00.123Z');

const NANOS_Z = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/;
const NANOS_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}\+00:00$/;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => v as Json;

describe('compact LoRaWAN payload', () => {
  it('round-trips every metric at its resolution', () => {
    const metrics = { ...fireMetrics, wind_speed_kmh: 33.3, wind_gust_kmh: 51.1, wind_direction_deg: 212, rain_mm: 1.4, pressure_hpa: 1009.6, water_level_cm: 642, flow_m3s: 2301 };
    const { bytes, values } = encodeCompactPayload(metrics);
    expect(decodeCompactPayload(bytes)).toEqual(values);
    expect(values).toEqual(metrics);
    expect(bytes.length).toBe(COMPACT_FIELDS.reduce((n, f) => n + 1 + ({ i16: 2, u8: 1, u16: 2, u32: 4, bool: 1 } as const)[f.encoding], 0));
  });

  it('clamps what does not fit and says so in the decoded values', () => {
    const { bytes, values } = encodeCompactPayload({ co_ppm: 99_999, relative_humidity_pct: 64.3 });
    expect(values).toEqual({ co_ppm: 6553.5, relative_humidity_pct: 64.5 });
    expect(decodeCompactPayload(bytes)).toEqual(values);
  });
});

describe('native encoder', () => {
  it('publishes {ts, metrics, battery} on the telemetry topic, valid against the contract', () => {
    const message = encodeNativeReading('skopia', 'gw-polygyros', 'ws-polygyros', { air_temperature_c: 31.2, rain_mm: 0, battery_pct: 93 }, ts);
    expect(parseNativeTopic('skopia', message.topic)).toEqual({ kind: 'telemetry', gatewayId: 'gw-polygyros', sensorId: 'ws-polygyros' });
    const payload = NativeReadingSchema.parse(JSON.parse(message.payload));
    expect(payload).toEqual({ ts: '2024-08-12T14:05:00.123Z', metrics: { air_temperature_c: 31.2, rain_mm: 0 }, battery: 93 });
  });

  it('batches a gateway catching up as {readings: [...]}, each valid, each with its own time', () => {
    const message = encodeNativeBatch('skopia', 'gw-galatista', 'ws-galatista', [
      { atMs: ts, metrics: { air_temperature_c: 20 } },
      { atMs: ts + 60_000, metrics: { air_temperature_c: 20.1 } },
    ], (t) => t);
    const envelope = NativeBatchEnvelopeSchema.parse(JSON.parse(message.payload));
    const readings = envelope.readings.map((r) => NativeReadingSchema.parse(r));
    expect(readings.map((r) => r.ts)).toEqual(['2024-08-12T14:05:00.123Z', '2024-08-12T14:06:00.123Z']);
  });

  it('announces status retained', () => {
    expect(encodeGatewayStatus('skopia', 'gw-x', false)).toEqual({ topic: 'skopia/gw-x/status', payload: 'offline', retain: true });
  });
});

describe('The Things Stack v3 uplink', () => {
  const message = encodeTtnUplink({ gateway: ttnGateway, sensor: fireSensor, metrics: fireMetrics, frameCounter: 42, timestampMs: ts, seed: 1 }, 'ttn');
  const up = JSON.parse(message.payload) as Json;
  const ids = obj(up.end_device_ids);
  const uplink = obj(up.uplink_message);

  it('uses v3/{application id}@{tenant}/devices/{device id}/up', () => {
    expect(message.topic).toBe('v3/test-app@ttn/devices/fs-cholomontas-01/up');
    expect(ttnDeviceId('WS_Polygyros.1')).toBe('ws-polygyros-1');
  });

  it('names the device, its EUI and its application', () => {
    expect(ids.device_id).toBe('fs-cholomontas-01');
    expect(ids.dev_eui).toBe('A840410000180001');
    expect(obj(ids.application_ids).application_id).toBe('test-app');
  });

  it('stamps received_at and gateway times in RFC 3339 with nanoseconds', () => {
    expect(up.received_at).toMatch(NANOS_Z);
    expect(Date.parse(String(up.received_at))).toBe(ts);
    const rx = (uplink.rx_metadata as Json[])[0] ?? {};
    expect(rx.time).toMatch(NANOS_Z);
    expect(obj(rx.gateway_ids).gateway_id).toBe('gw-ttn');
    expect(typeof rx.rssi).toBe('number');
    expect(typeof rx.snr).toBe('number');
  });

  it('carries f_port, f_cnt, the bytes and the decoded payload named by the field map', () => {
    expect(uplink.f_port).toBe(1);
    expect(uplink.f_cnt).toBe(42);
    const decoded = obj(uplink.decoded_payload);
    expect(Object.keys(decoded).sort()).toEqual(Object.keys(fireFieldMap).sort());
    expect(decoded).toEqual({ co: 12.3, h2: 3.1, voc: 212, smoke: true, temperature: -4.2, humidity: 23, battery: 87 });
    const fromBytes = decodeCompactPayload(Buffer.from(String(uplink.frm_payload), 'base64'));
    for (const [field, metric] of Object.entries(fireFieldMap)) expect(fromBytes[metric]).toEqual(decoded[field]);
    const lora = obj(obj(obj(uplink.settings).data_rate).lora);
    expect(lora.bandwidth).toBe(125_000);
    expect(typeof obj(uplink.settings).frequency).toBe('string');
  });

  it('omits zero and false fields as TTS does, but keeps them inside decoded_payload', () => {
    const first = encodeTtnUplink(
      { gateway: ttnGateway, sensor: fireSensor, metrics: { ...fireMetrics, smoke: false, co_ppm: 0 }, frameCounter: 0, timestampMs: ts, seed: 1 },
      'ttn',
    );
    const u = obj(obj(JSON.parse(first.payload)).uplink_message);
    expect('f_cnt' in u).toBe(false);
    expect(obj(u.decoded_payload).smoke).toBe(false);
    expect(obj(u.decoded_payload).co).toBe(0);
  });

  it('is deterministic for a seed', () => {
    expect(encodeTtnUplink({ gateway: ttnGateway, sensor: fireSensor, metrics: fireMetrics, frameCounter: 42, timestampMs: ts, seed: 1 }, 'ttn')).toEqual(message);
  });
});

describe('ChirpStack v4 up event', () => {
  const message = encodeChirpstackUplink({ gateway: chirpstackGateway, sensor: gauge, metrics: { water_level_cm: 212, battery_pct: 64 }, frameCounter: 7, timestampMs: ts, seed: 1 });
  const up = JSON.parse(message.payload) as Json;

  it('uses application/{application id}/device/{dev eui, lowercase}/event/up', () => {
    expect(message.topic).toBe('application/2b6a1d7e-0c4f-4e0e-9d0b-6f1f1c0de001/device/70b3d57ed0051002/event/up');
  });

  it('carries the documented fields', () => {
    expect(up.deduplicationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(up.time).toMatch(NANOS_OFFSET);
    const info = obj(up.deviceInfo);
    expect(info.applicationId).toBe(chirpstackGateway.applicationId);
    expect(info.devEui).toBe('70b3d57ed0051002');
    expect(info.deviceName).toBe('wl-kalyves-stream');
    expect(typeof info.tenantId).toBe('string');
    expect(obj(info.tags).village).toBe('test');
    expect(up.devAddr).toMatch(/^[0-9a-f]{8}$/);
    expect(up.fPort).toBe(1);
    expect(up.fCnt).toBe(7);
    expect(up.object).toEqual({ level_cm: 212, battery: 64 });
    expect(decodeCompactPayload(Buffer.from(String(up.data), 'base64'))).toEqual({ water_level_cm: 212, battery_pct: 64 });
    const rx = (up.rxInfo as Json[])[0] ?? {};
    expect(rx.gatewayId).toMatch(/^[0-9a-f]{16}$/);
    expect(typeof rx.rssi).toBe('number');
    expect(typeof obj(up.txInfo).frequency).toBe('number');
  });

  it('omits zero-valued fields but keeps zeros in the decoded object', () => {
    const zero = encodeChirpstackUplink({ gateway: chirpstackGateway, sensor: gauge, metrics: { water_level_cm: 0, battery_pct: 64 }, frameCounter: 0, timestampMs: ts, seed: 1 });
    const z = JSON.parse(zero.payload) as Json;
    expect('fCnt' in z).toBe(false);
    expect('confirmed' in z).toBe(false);
    expect(obj(z.object).level_cm).toBe(0);
  });
});

describe('LoRa time on air', () => {
  it('matches the Semtech calculator for a 10-byte payload', () => {
    // 23-byte PHY payload at SF7/125 kHz: 61.7 ms; at SF12: 1482.8 ms (LoRaWAN airtime calculators).
    expect(timeOnAirSeconds(10, 7)).toBeCloseTo(0.0617, 3);
    expect(timeOnAirSeconds(10, 12)).toBeCloseTo(1.4828, 3);
  });
});
