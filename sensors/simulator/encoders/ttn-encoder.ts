import { SeededRandom } from '../random/seeded-random.ts';
import { COMPACT_PAYLOAD_FPORT } from './compact-payload.ts';
import { loraRadio, timeOnAirSeconds, euiFor } from './lora-radio.ts';
import { lorawanFrame } from './lorawan-frame.ts';
import { omitEmpty } from './omit-empty.ts';
import type { OutgoingMessage, UplinkInput } from './outgoing-message.ts';
import { rfc3339Nanos } from './rfc3339.ts';

/** TTS device ids are lowercase letters, digits and single dashes; our sensor ids nearly are. */
export function ttnDeviceId(sensorId: string): string {
  const id = sensorId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return id.length >= 3 ? id.slice(0, 36) : `dev-${id}`;
}

/** `v3/{application id}@{tenant}/devices/{device id}/up` */
export function ttnUplinkTopic(applicationId: string, tenant: string, deviceId: string): string {
  return `v3/${applicationId}@${tenant}/devices/${deviceId}/up`;
}

const ULID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * An uplink as The Things Stack v3 publishes it on its MQTT integration (`as.up.data` message), with the
 * fields DOMAIN.md §1 lists and the ones around them that real messages carry. Fields at their protobuf
 * default (0, false, empty) are left out, as TTS does; the decoded payload is user data and kept whole.
 */
export function encodeTtnUplink(input: UplinkInput, tenant: string): OutgoingMessage {
  const { gateway, sensor, metrics, frameCounter, timestampMs, seed } = input;
  const device = sensor.lorawan;
  if (device === undefined || gateway.applicationId === undefined) {
    throw new Error(`${sensor.id}: a TTN uplink needs the device's lorawan record and the gateway's application id`);
  }
  const rng = SeededRandom.fromKey(seed, 'ttn', sensor.id, frameCounter);
  const radio = loraRadio(seed, sensor.id, rng);
  const { bytes, decoded } = lorawanFrame(device, metrics);
  const deviceId = ttnDeviceId(sensor.id);
  const devAddr = `260B${SeededRandom.fromKey(seed, 'devaddr', sensor.id).hex(4)}`.toUpperCase();

  // The gateway heard the frame a few tens of milliseconds before the application server stamped it.
  const receivedAt = rfc3339Nanos(timestampMs, rng.int(0, 999_999), 'Z');
  const gatewayTimeMs = timestampMs - rng.int(20, 180);
  const gatewayTime = rfc3339Nanos(gatewayTimeMs, rng.int(0, 999_999), 'Z');
  const concentratorTimestamp = (gatewayTimeMs * 1000) % 4_294_967_296;
  const ulid = Array.from({ length: 26 }, () => ULID_ALPHABET[rng.int(0, 31)]).join('');

  const message = {
    end_device_ids: {
      device_id: deviceId,
      application_ids: { application_id: gateway.applicationId },
      dev_eui: device.devEui.toUpperCase(),
      join_eui: '0000000000000000',
      dev_addr: devAddr,
    },
    correlation_ids: [`as:up:${ulid}`],
    received_at: receivedAt,
    uplink_message: {
      session_key_id: Buffer.from(SeededRandom.fromKey(seed, 'session', sensor.id).hex(32), 'hex').toString('base64'),
      f_port: COMPACT_PAYLOAD_FPORT,
      f_cnt: frameCounter,
      frm_payload: bytes.toString('base64'),
      decoded_payload: decoded,
      rx_metadata: [
        {
          gateway_ids: { gateway_id: gateway.id, eui: euiFor(gateway.id).toUpperCase() },
          time: gatewayTime,
          timestamp: concentratorTimestamp,
          rssi: radio.rssi,
          channel_rssi: radio.rssi,
          snr: radio.snr,
          uplink_token: Buffer.from(rng.hex(40), 'hex').toString('base64'),
          channel_index: radio.channel,
          received_at: gatewayTime,
        },
      ],
      settings: {
        data_rate: { lora: { bandwidth: radio.bandwidthHz, spreading_factor: radio.spreadingFactor, coding_rate: '4/5' } },
        // uint64 fields are strings in protobuf JSON.
        frequency: String(radio.frequencyHz),
        timestamp: concentratorTimestamp,
        time: gatewayTime,
      },
      received_at: receivedAt,
      consumed_airtime: `${timeOnAirSeconds(bytes.length, radio.spreadingFactor).toFixed(6)}s`,
      network_ids: { net_id: '000013', tenant_id: tenant, cluster_id: 'eu1', cluster_address: 'eu1.cloud.thethings.network' },
    },
  };
  return {
    topic: ttnUplinkTopic(gateway.applicationId, tenant, deviceId),
    payload: JSON.stringify(omitEmpty(message, new Set(['decoded_payload']))),
  };
}
