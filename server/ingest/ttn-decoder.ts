import { z } from 'zod';
import { describeIssues, rejected, type DecodeResult } from './decode-result.ts';
import { bestSignal, readingFromUplink, type LorawanContext } from './lorawan-fields.ts';

/** `v3/{application id}@{tenant id}/devices/{device id}/up` (DOMAIN.md §1). */
export const TTN_UPLINK_FILTER = 'v3/+/devices/+/up';

export function parseTtnTopic(topic: string): { applicationId: string; tenantId: string; deviceId: string } | null {
  const m = /^v3\/([^/@]+)@([^/]+)\/devices\/([^/]+)\/up$/.exec(topic);
  return m ? { applicationId: m[1] as string, tenantId: m[2] as string, deviceId: m[3] as string } : null;
}

// Only what we read is validated; The Things Stack omits empty, 0 and false fields, so all are optional.
const TtnUplinkSchema = z.object({
  end_device_ids: z.object({
    device_id: z.string().optional(),
    dev_eui: z.string().optional(),
  }),
  received_at: z.string().optional(),
  uplink_message: z.object({
    decoded_payload: z.unknown().optional(),
    rx_metadata: z.array(z.object({ rssi: z.number().optional(), snr: z.number().optional() }).loose()).optional(),
  }),
});

/** Decodes a The Things Stack v3 uplink. Pure. */
export function decodeTtnUplink(topic: string, payload: Buffer, ctx: LorawanContext): DecodeResult {
  const t = parseTtnTopic(topic);
  if (!t) return rejected('bad_topic', `topic "${topic}" is not a The Things Stack uplink topic`);
  let body: unknown;
  try {
    body = JSON.parse(payload.toString('utf8'));
  } catch (error) {
    return rejected('bad_json', `payload is not JSON: ${(error as Error).message}`);
  }
  const parsed = TtnUplinkSchema.safeParse(body);
  if (!parsed.success) return rejected('invalid_payload', describeIssues(parsed.error));
  const up = parsed.data;
  const signal = bestSignal(up.uplink_message.rx_metadata, false);
  return readingFromUplink(
    {
      source: 'ttn',
      devEui: up.end_device_ids.dev_eui,
      applicationId: t.applicationId,
      time: up.received_at,
      decoded: up.uplink_message.decoded_payload,
      rssi: signal.rssi,
      snr: signal.snr,
    },
    ctx,
  );
}
