import type { World } from '../world/world.ts';
import type { SimEvent } from '../timeline/sim-event.ts';
import { encodeChirpstackUplink } from './chirpstack-encoder.ts';
import { encodeNativeBatch, encodeNativeReading } from './native-encoder.ts';
import type { EncoderOptions, OutgoingMessage } from './outgoing-message.ts';
import { encodeTtnUplink } from './ttn-encoder.ts';

/**
 * The MQTT messages a reading or catch-up batch becomes, in the format of the sensor's gateway.
 * `timestampOf` maps simulated time to the time the message carries (simulated or wall clock).
 */
export function encodeEvent(world: World, event: SimEvent, options: EncoderOptions, timestampOf: (atMs: number) => number): OutgoingMessage[] {
  if (event.kind !== 'reading' && event.kind !== 'catch-up') return [];
  const sensor = world.sensorById.get(event.sensorId);
  const gateway = world.gatewayById.get(event.gatewayId);
  if (sensor === undefined || gateway === undefined) return [];

  if (event.kind === 'catch-up') {
    return [encodeNativeBatch(options.prefix, gateway.id, sensor.id, event.readings, timestampOf)];
  }
  const timestampMs = timestampOf(event.atMs);
  switch (gateway.format) {
    case 'native':
      return [encodeNativeReading(options.prefix, gateway.id, sensor.id, event.metrics, timestampMs)];
    case 'ttn':
      // The registry's tenant is the one the broker's ACL and the server expect; the option is the fallback.
      return [
        encodeTtnUplink({ gateway, sensor, metrics: event.metrics, frameCounter: event.frameCounter, timestampMs, seed: world.seed }, gateway.tenantId ?? options.ttnTenant),
      ];
    case 'chirpstack':
      return [encodeChirpstackUplink({ gateway, sensor, metrics: event.metrics, frameCounter: event.frameCounter, timestampMs, seed: world.seed }, options.chirpstackTenantId)];
  }
}
