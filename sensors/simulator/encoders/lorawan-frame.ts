import type { LorawanDevice } from '../../../server/contracts/registry.ts';
import type { MetricValues } from '../generators/generator-context.ts';
import { encodeCompactPayload, type CompactValues } from './compact-payload.ts';

/**
 * The application payload of one uplink: the bytes the device sends (for the metrics its formatter knows,
 * i.e. those in its field map) and the object the network server's formatter decodes from them, with
 * the field names of the field map.
 */
export function lorawanFrame(device: LorawanDevice, metrics: MetricValues): { bytes: Buffer; decoded: CompactValues } {
  const mapped = new Set(Object.values(device.fieldMap));
  const sent: MetricValues = {};
  for (const [metric, value] of Object.entries(metrics)) if (mapped.has(metric)) sent[metric] = value;
  const { bytes, values } = encodeCompactPayload(sent);
  const decoded: CompactValues = {};
  for (const [field, metric] of Object.entries(device.fieldMap)) {
    const value = values[metric];
    if (value !== undefined) decoded[field] = value;
  }
  return { bytes, decoded };
}
