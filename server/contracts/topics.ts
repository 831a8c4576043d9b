/**
 * MQTT topics of the native gateway contract:
 *   {prefix}/{gatewayId}/{sensorId}/telemetry   readings (single or batch)
 *   {prefix}/{gatewayId}/errors                 why a message from this gateway was rejected
 *   {prefix}/{gatewayId}/status                 retained online/offline (last will)
 */
export const DEFAULT_TOPIC_PREFIX = 'skopia';

/** Ids appear in topics, URLs and line protocol: keep them to a safe alphabet. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export type NativeTopic =
  | { kind: 'telemetry'; gatewayId: string; sensorId: string }
  | { kind: 'status'; gatewayId: string }
  | { kind: 'errors'; gatewayId: string };

export function telemetryTopic(prefix: string, gatewayId: string, sensorId: string): string {
  return `${prefix}/${gatewayId}/${sensorId}/telemetry`;
}

export function errorsTopic(prefix: string, gatewayId: string): string {
  return `${prefix}/${gatewayId}/errors`;
}

export function statusTopic(prefix: string, gatewayId: string): string {
  return `${prefix}/${gatewayId}/status`;
}

/**
 * Parses a topic under `prefix`; null when it is not one of the native topics or an id is malformed.
 * Called for every message, so it finds the separators instead of splitting the string.
 */
export function parseNativeTopic(prefix: string, topic: string): NativeTopic | null {
  const start = prefix.length + 1;
  if (topic.charCodeAt(prefix.length) !== SLASH || !topic.startsWith(prefix)) return null;
  const first = topic.indexOf('/', start);
  if (first === -1) return null;
  const gatewayId = topic.slice(start, first);
  if (!ID_PATTERN.test(gatewayId)) return null;
  const second = topic.indexOf('/', first + 1);
  if (second === -1) {
    const leaf = topic.slice(first + 1);
    if (leaf === 'status') return { kind: 'status', gatewayId };
    if (leaf === 'errors') return { kind: 'errors', gatewayId };
    return null;
  }
  if (topic.length - second - 1 !== TELEMETRY.length || !topic.endsWith(TELEMETRY)) return null;
  const sensorId = topic.slice(first + 1, second);
  return ID_PATTERN.test(sensorId) ? { kind: 'telemetry', gatewayId, sensorId } : null;
}

const SLASH = 47;
const TELEMETRY = 'telemetry';
