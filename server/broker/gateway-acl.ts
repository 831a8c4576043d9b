import type { Gateway } from '../contracts/registry.ts';
import { CHIRPSTACK_UPLINK_FILTER } from '../ingest/chirpstack-decoder.ts';
import { TTN_UPLINK_FILTER } from '../ingest/ttn-decoder.ts';
import { canaryTopic } from '../canary/canary-ids.ts';

/** What one MQTT identity may do, as topic filters (`+` and `#` wildcards). */
export interface TopicAcl {
  readonly publish: readonly string[];
  readonly subscribe: readonly string[];
}

/**
 * A gateway publishes only under its own id and reads only its own error topic. A LoRaWAN gateway
 * (a network server or a bridge from one) publishes only its application's uplinks. Pure: the
 * embedded broker checks these, and the Mosquitto ACL file is generated from them.
 */
export function gatewayAcl(gateway: Gateway, prefix: string): TopicAcl {
  const own = `${prefix}/${gateway.id}`;
  const subscribe = [`${own}/errors`];
  switch (gateway.format) {
    case 'native':
      return { publish: [`${own}/+/telemetry`, `${own}/status`], subscribe };
    case 'ttn':
      return { publish: [`v3/${gateway.applicationId ?? '-'}@${gateway.tenantId ?? 'ttn'}/devices/+/up`], subscribe };
    case 'chirpstack':
      return { publish: [`application/${gateway.applicationId ?? '-'}/device/+/event/up`], subscribe };
  }
}

/** The server reads every gateway topic and writes the error topics, and its self-check's readings. */
export function serverAcl(prefix: string): TopicAcl {
  return {
    publish: [`${prefix}/+/errors`, canaryTopic(prefix)],
    subscribe: [`${prefix}/+/+/telemetry`, `${prefix}/+/status`, `${prefix}/+/errors`, TTN_UPLINK_FILTER, CHIRPSTACK_UPLINK_FILTER],
  };
}

/** MQTT topic matching: does `topic` (no wildcards) match `filter`? */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    const level = f[i];
    if (level === '#') return true;
    if (i >= t.length) return false;
    if (level !== '+' && level !== t[i]) return false;
  }
  return f.length === t.length;
}

/** Is a subscription filter within an allowed filter? Wildcards in the request must be covered. */
export function filterWithin(allowed: string, requested: string): boolean {
  const a = allowed.split('/');
  const r = requested.split('/');
  for (let i = 0; i < a.length; i++) {
    const level = a[i];
    if (level === '#') return true;
    const want = r[i];
    if (want === undefined) return false;
    if (want === '#') return false;
    if (level === '+') continue;
    if (want === '+' || want !== level) return false;
  }
  return a.length === r.length;
}

export function mayPublish(acl: TopicAcl, topic: string): boolean {
  return acl.publish.some((f) => topicMatches(f, topic));
}

export function maySubscribe(acl: TopicAcl, filter: string): boolean {
  return acl.subscribe.some((f) => filterWithin(f, filter));
}
