import { describe, expect, it } from 'vitest';
import { decodeTtnUplink } from '../../../server/ingest/ttn-decoder.ts';
import { decodeChirpstackUp } from '../../../server/ingest/chirpstack-decoder.ts';
import type { LorawanContext } from '../../../server/ingest/lorawan-fields.ts';
import type { Sensor } from '../../../server/contracts/registry.ts';

const NOW = Date.parse('2026-08-10T12:00:00Z');
const fireSensor: Sensor = {
  id: 'fs-1',
  kind: 'fire_sensor',
  name: 'Fire sensor',
  lat: 40.44,
  lon: 23.5,
  villageId: 'taxiarchis',
  gatewayId: 'gw-forest',
  expectedIntervalS: 300,
  lorawan: { devEui: 'A840410000180001', fieldMap: { co: 'co_ppm', smoke: 'smoke', battery: 'battery_pct' } },
};
const ctx: LorawanContext = {
  receivedAt: NOW,
  sensorByDevEui: (eui) => (eui.toLowerCase() === 'a840410000180001' ? fireSensor : undefined),
  applicationOf: () => 'forest-app',
};

/** A The Things Stack v3 uplink as the MQTT integration publishes it (trimmed to realistic fields). */
function ttnUplink(overrides: { decoded?: unknown; devEui?: string | null } = {}) {
  return {
    end_device_ids: {
      device_id: 'fs-1',
      application_ids: { application_id: 'forest-app' },
      ...(overrides.devEui === null ? {} : { dev_eui: overrides.devEui ?? 'A840410000180001' }),
      join_eui: '0000000000000000',
      dev_addr: '260B1234',
    },
    correlation_ids: ['as:up:01H0'],
    received_at: '2026-08-10T11:59:30.123456789Z',
    uplink_message: {
      session_key_id: 'AYa0',
      f_port: 2,
      f_cnt: 118,
      frm_payload: 'AQIDBA==',
      ...('decoded' in overrides ? (overrides.decoded === undefined ? {} : { decoded_payload: overrides.decoded }) : { decoded_payload: { co: 4.5, smoke: false, battery: 91 } }),
      rx_metadata: [
        { gateway_ids: { gateway_id: 'gw-a' }, time: '2026-08-10T11:59:30.1Z', rssi: -112, channel_rssi: -112, snr: -4.5 },
        { gateway_ids: { gateway_id: 'gw-b' }, time: '2026-08-10T11:59:30.1Z', rssi: -97, snr: 3.25 },
      ],
      settings: { data_rate: { lora: { bandwidth: 125000, spreading_factor: 9 } }, frequency: '868100000' },
      received_at: '2026-08-10T11:59:30.2Z',
      consumed_airtime: '0.185344s',
    },
  };
}

const TTN_TOPIC = 'v3/forest-app@ttn/devices/fs-1/up';
const ttn = (body: unknown, topic = TTN_TOPIC) => decodeTtnUplink(topic, Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), ctx);

describe('The Things Stack v3 uplinks', () => {
  it('maps decoded fields to metrics through the registry, with the best signal', () => {
    const r = ttn(ttnUplink());
    expect(r.rejections).toEqual([]);
    expect(r.readings).toEqual([
      {
        sensorId: 'fs-1',
        ts: Date.parse('2026-08-10T11:59:30.123Z'),
        metrics: { co_ppm: 4.5, smoke: 0, battery_pct: 91, rssi_dbm: -97, snr_db: 3.25 },
        receivedAt: NOW,
        source: 'ttn',
      },
    ]);
  });

  it.each([
    ['unknown device', ttnUplink({ devEui: 'FFFFFFFFFFFFFFFF' }), TTN_TOPIC, 'unknown_device', /FFFFFFFFFFFFFFFF is not registered/],
    ['no device EUI', ttnUplink({ devEui: null }), TTN_TOPIC, 'unknown_device', /no valid device EUI/],
    ['no decoded payload', ttnUplink({ decoded: undefined }), TTN_TOPIC, 'no_decoded_payload', /payload formatter/],
    ['unmapped field', ttnUplink({ decoded: { co: 1, pm25: 7 } }), TTN_TOPIC, 'unmapped_field', /"pm25"/],
    ['string value', ttnUplink({ decoded: { co: 'high' } }), TTN_TOPIC, 'invalid_payload', /"co": expected a finite number/],
    ['another application', ttnUplink(), 'v3/other-app@ttn/devices/fs-1/up', 'wrong_gateway', /application "forest-app", not "other-app"/],
    ['not JSON', '{', TTN_TOPIC, 'bad_json', /not JSON/],
    ['no uplink_message', { end_device_ids: {} }, TTN_TOPIC, 'invalid_payload', /uplink_message/],
  ])('rejects %s', (_name, body, topic, reason, message) => {
    const r = ttn(body, topic);
    expect(r.readings).toEqual([]);
    expect(r.rejections[0]?.reason).toBe(reason);
    expect(r.rejections[0]?.message).toMatch(message);
  });
});

/** A ChirpStack v4 `up` event: zero-valued fields omitted (here the second gateway's snr). */
function chirpstackUp(overrides: { object?: unknown } = {}) {
  return {
    deduplicationId: '3f5e8b1c-7a41-4b5e-9d0f-8a2c6b1e4d20',
    time: '2026-08-10T11:59:40.5+00:00',
    deviceInfo: {
      tenantId: '52f14cd4-c6f1-4fbd-8f87-4025e1d49242',
      tenantName: 'Municipality',
      applicationId: 'forest-app',
      applicationName: 'Forest',
      deviceProfileName: 'Fire sensor',
      deviceName: 'fs-1',
      devEui: 'a840410000180001',
      tags: { village: 'taxiarchis' },
    },
    devAddr: '00fba0c2',
    adr: true,
    dr: 5,
    fCnt: 10,
    fPort: 2,
    confirmed: false,
    data: 'AQIDBA==',
    ...('object' in overrides ? (overrides.object === undefined ? {} : { object: overrides.object }) : { object: { co: 2, smoke: true } }),
    rxInfo: [{ gatewayId: '0016c001f153a14c', uplinkId: 1, rssi: -101, snr: 7, context: 'AAA=' }, { gatewayId: '0016c001f153a14d', uplinkId: 2, rssi: -120 }],
    txInfo: { frequency: 868100000, modulation: { lora: { bandwidth: 125000, spreadingFactor: 7, codeRate: 'CR_4_5' } } },
  };
}

const CS_TOPIC = 'application/forest-app/device/a840410000180001/event/up';
const cs = (body: unknown, topic = CS_TOPIC) => decodeChirpstackUp(topic, Buffer.from(JSON.stringify(body)), ctx);

describe('ChirpStack v4 up events', () => {
  it('maps the decoded object and reads a +00:00 time', () => {
    const r = cs(chirpstackUp());
    expect(r.rejections).toEqual([]);
    expect(r.readings[0]).toMatchObject({
      sensorId: 'fs-1',
      ts: Date.parse('2026-08-10T11:59:40.5Z'),
      metrics: { co_ppm: 2, smoke: 1, rssi_dbm: -101, snr_db: 7 },
      source: 'chirpstack',
    });
  });

  it.each([
    ['no decoded object (no codec)', chirpstackUp({ object: undefined }), CS_TOPIC, 'no_decoded_payload'],
    ['unmapped field', chirpstackUp({ object: { co: 1, temperatureInside: 4 } }), CS_TOPIC, 'unmapped_field'],
    ['EUI in topic and body differ', chirpstackUp(), 'application/forest-app/device/a840410000189999/event/up', 'invalid_payload'],
    ['unknown device', { ...chirpstackUp(), deviceInfo: { devEui: 'a840410000189999' } }, 'application/forest-app/device/a840410000189999/event/up', 'unknown_device'],
  ])('rejects %s', (_name, body, topic, reason) => {
    const r = cs(body, topic);
    expect(r.readings).toEqual([]);
    expect(r.rejections[0]?.reason).toBe(reason);
  });
});
