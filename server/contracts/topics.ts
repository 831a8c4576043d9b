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

/** Parses a topic under `prefix`; null when it is not one of the native topics or an id is malformed. */
export function parseNativeTopic(prefix: string, topic: string): NativeTopic | null {
  if (!topic.startsWith(prefix + '/')) return null;
  const parts = topic.slice(prefix.length + 1).split('/');
  const [gatewayId, second, third] = parts;
  if (gatewayId === undefined || !ID_PATTERN.test(gatewayId)) return null;
  if (parts.length === 3 && third === 'telemetry' && second !== undefined && ID_PATTERN.test(second)) {
    return { kind: 'telemetry', gatewayId, sensorId: second };
  }
  if (parts.length === 2 && second === 'status') return { kind: 'status', gatewayId };
  if (parts.length === 2 && second === 'errors') return { kind: 'errors', gatewayId };
  return null;
}
