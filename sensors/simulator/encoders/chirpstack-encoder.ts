import { SeededRandom } from '../random/seeded-random.ts';
import { COMPACT_PAYLOAD_FPORT } from './compact-payload.ts';
import { loraRadio, euiFor, uuidFor } from './lora-radio.ts';
import { lorawanFrame } from './lorawan-frame.ts';
import { omitEmpty } from './omit-empty.ts';
import type { OutgoingMessage, UplinkInput } from './outgoing-message.ts';
import { rfc3339Nanos } from './rfc3339.ts';

/** `application/{application id}/device/{dev eui}/event/up`, the EUI in lowercase hex as ChirpStack writes it. */
export function chirpstackUplinkTopic(applicationId: string, devEui: string): string {
  return `application/${applicationId}/device/${devEui.toLowerCase()}/event/up`;
}

/**
 * An `up` event as ChirpStack v4 publishes it on its MQTT integration (JSON marshaler): camelCase,
 * `time` with `+00:00`, zero-valued fields left out (a missing number means 0). `object` is present
 * because a codec is configured, and is kept whole.
 */
export function encodeChirpstackUplink(input: UplinkInput, tenantId?: string): OutgoingMessage {
  const { gateway, sensor, metrics, frameCounter, timestampMs, seed } = input;
  const device = sensor.lorawan;
  if (device === undefined || gateway.applicationId === undefined) {
    throw new Error(`${sensor.id}: a ChirpStack uplink needs the device's lorawan record and the gateway's application id`);
  }
  const rng = SeededRandom.fromKey(seed, 'chirpstack', sensor.id, frameCounter);
  const radio = loraRadio(seed, sensor.id, rng);
  const { bytes, decoded } = lorawanFrame(device, metrics);
  const devEui = device.devEui.toLowerCase();

  const message = {
    deduplicationId: uuidFor(seed, 'dedup', sensor.id, frameCounter),
    time: rfc3339Nanos(timestampMs, rng.int(0, 999_999), '+00:00'),
    deviceInfo: {
      tenantId: tenantId ?? uuidFor('tenant', gateway.id),
      tenantName: 'Skopia',
      applicationId: gateway.applicationId,
      applicationName: gateway.name,
      deviceProfileId: uuidFor('profile', sensor.kind),
      deviceProfileName: `${sensor.kind} (Skopia compact uplink v1)`,
      deviceName: sensor.id,
      devEui,
      deviceClassEnabled: 'CLASS_A',
      tags: { village: sensor.villageId, kind: sensor.kind },
    },
    devAddr: `00${SeededRandom.fromKey(seed, 'devaddr', sensor.id).hex(6)}`,
    adr: true,
    dr: radio.dataRate,
    fCnt: frameCounter,
    fPort: COMPACT_PAYLOAD_FPORT,
    confirmed: false,
    data: bytes.toString('base64'),
    object: decoded,
    rxInfo: [
      {
        gatewayId: euiFor(gateway.id),
        uplinkId: rng.int(1, 65_535),
        nsTime: rfc3339Nanos(timestampMs - rng.int(5, 40), rng.int(0, 999_999), '+00:00'),
        rssi: radio.rssi,
        snr: radio.snr,
        channel: radio.channel,
        context: Buffer.from(rng.hex(8), 'hex').toString('base64'),
        metadata: { region_config_id: 'eu868', region_common_name: 'EU868' },
        crcStatus: 'CRC_OK',
      },
    ],
    txInfo: {
      frequency: radio.frequencyHz,
      modulation: { lora: { bandwidth: radio.bandwidthHz, spreadingFactor: radio.spreadingFactor, codeRate: 'CR_4_5' } },
    },
  };
  return {
    topic: chirpstackUplinkTopic(gateway.applicationId, devEui),
    payload: JSON.stringify(omitEmpty(message, new Set(['object', 'tags']))),
  };
}
