import { z } from 'zod';
import { describeIssues, rejected, type DecodeResult } from './decode-result.ts';
import { bestSignal, readingFromUplink, type LorawanContext } from './lorawan-fields.ts';

/** `application/{application id}/device/{dev eui}/event/up` (DOMAIN.md §1). */
export const CHIRPSTACK_UPLINK_FILTER = 'application/+/device/+/event/up';

export function parseChirpstackTopic(topic: string): { applicationId: string; devEui: string } | null {
  const m = /^application\/([^/]+)\/device\/([^/]+)\/event\/up$/.exec(topic);
  return m ? { applicationId: m[1] as string, devEui: m[2] as string } : null;
}

// ChirpStack omits zero-valued fields: a missing number means 0, so nothing numeric is required.
const ChirpstackUpSchema = z.object({
  time: z.string().optional(),
  deviceInfo: z.object({ devEui: z.string().optional(), applicationId: z.string().optional() }).loose(),
  object: z.unknown().optional(),
  rxInfo: z.array(z.object({ rssi: z.number().optional(), snr: z.number().optional() }).loose()).optional(),
});

/** Decodes a ChirpStack v4 `up` event. Pure. */
export function decodeChirpstackUp(topic: string, payload: Buffer, ctx: LorawanContext): DecodeResult {
  const t = parseChirpstackTopic(topic);
  if (!t) return rejected('bad_topic', `topic "${topic}" is not a ChirpStack uplink topic`);
  let body: unknown;
  try {
    body = JSON.parse(payload.toString('utf8'));
  } catch (error) {
    return rejected('bad_json', `payload is not JSON: ${(error as Error).message}`);
  }
  const parsed = ChirpstackUpSchema.safeParse(body);
  if (!parsed.success) return rejected('invalid_payload', describeIssues(parsed.error));
  const up = parsed.data;
  const devEui = up.deviceInfo.devEui ?? t.devEui;
  if (up.deviceInfo.devEui !== undefined && up.deviceInfo.devEui.toLowerCase() !== t.devEui.toLowerCase()) {
    return rejected('invalid_payload', `deviceInfo.devEui ${up.deviceInfo.devEui} does not match the topic's ${t.devEui}`);
  }
  const signal = bestSignal(up.rxInfo, true);
  return readingFromUplink(
    {
      source: 'chirpstack',
      devEui,
      applicationId: t.applicationId,
      time: up.time,
      decoded: up.object,
      rssi: signal.rssi,
      snr: signal.snr,
    },
    ctx,
  );
}
