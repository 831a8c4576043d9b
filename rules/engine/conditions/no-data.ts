/**
 * No data: a sensor silent for its window raises sensor-offline; when every sensor of a gateway is
 * silent, one gateway-down alert replaces theirs. Evaluated on the periodic tick (silence has no reading
 * to trigger on); a reading only clears.
 *
 * So that a dying gateway does not first raise an alert per sensor, a silent sensor raises only once
 * its gateway has delivered a message (from another sensor) after the sensor fell silent; until then it
 * waits for the gateway either to speak again or to be silent as a whole. The cost: a lone dead sensor
 * is reported when the next message of a sibling arrives, not before.
 *
 * A returning gateway gets its sensors a grace period: once the gateway has been away (silent for longer
 * than the no-data window of most of its sensors), its first message marks its return, and a sensor that
 * has not reported since is counted silent from that return, not from its last reading before the outage.
 * So the sensors that have not yet had their turn after an outage raise nothing; one that stays silent
 * for its whole window after the return (and the gateway proves alive after that) is offline as usual.
 */
import { z } from 'zod';
import { CAP_SEVERITIES } from '../cap-vocabulary.ts';
import { PositiveDurationSchema } from '../duration.ts';
import type { RuleSensor } from '../types.ts';

export const NoDataConditionSchema = z.strictObject({
  kind: z.literal('no_data'),
  /** Silent for this many expected intervals (the registry's expectedIntervalS). */
  intervals: z.number().min(1).max(1000).default(3),
  /** A fixed silence window instead, for every sensor of the rule. */
  window: PositiveDurationSchema.optional(),
  /** Replace the alerts of a wholly silent gateway by one gateway-down alert. */
  gatewayDown: z.boolean().default(true),
  /** Severity of the gateway-down alert; the rule's severity when absent. */
  gatewaySeverity: z.enum(CAP_SEVERITIES).optional(),
});
export type NoDataCondition = z.infer<typeof NoDataConditionSchema>;

export function silenceWindowMs(c: NoDataCondition, sensor: RuleSensor): number {
  return (c.window ?? c.intervals * sensor.expectedIntervalS) * 1000;
}

/** What the tick decides for one sensor: raise, keep waiting (gateway quiet too), or nothing wrong. */
export type SensorSilence = 'offline' | 'undecided' | 'reporting';

export function sensorSilence(
  c: NoDataCondition,
  sensor: RuleSensor,
  now: number,
  lastSeen: number,
  gatewayLastSeen: number,
  gatewayReturnedAt: number | undefined = undefined,
): SensorSilence {
  const windowMs = silenceWindowMs(c, sensor);
  if (now - lastSeen <= windowMs) return 'reporting';
  if (!c.gatewayDown) return 'offline';
  // After a gateway outage the sensor's silence counts from the gateway's return (grace period).
  const from = gatewayReturnedAt !== undefined && gatewayReturnedAt > lastSeen ? gatewayReturnedAt : lastSeen;
  // Only a message through the gateway after this sensor fell silent proves the gateway alive.
  return gatewayLastSeen > from + windowMs ? 'offline' : 'undecided';
}

/** Per gateway, what a no-data rule remembers about outages (the rule state's `shared`). */
export const GatewayPresenceSchema = z.strictObject({
  /** Gateways seen away (silent beyond most of their sensors' windows): when they were last heard. */
  away: z.record(z.string(), z.number()),
  /** When each gateway was heard again after being away; kept while its sensors' grace lasts. */
  returnedAt: z.record(z.string(), z.number()),
});
export type GatewayPresence = z.infer<typeof GatewayPresenceSchema>;

/** Whether a gateway silent for `silentMs` counts as away: longer than the windows of most of its sensors. */
export function gatewayAway(c: NoDataCondition, members: readonly RuleSensor[], silentMs: number): boolean {
  let overdue = 0;
  for (const s of members) if (silentMs > silenceWindowMs(c, s)) overdue++;
  return members.length > 0 && overdue * 2 > members.length;
}

export function describeSensorOffline(sensorName: string, silentMs: number, windowMs: number): string {
  return `Sensor ${sensorName} has sent nothing for ${Math.round(silentMs / 60_000)} min (expected within ${Math.round(windowMs / 60_000)} min).`;
}

export function describeGatewayDown(gatewayId: string, sensorCount: number, silentMs: number): string {
  return `Gateway ${gatewayId} is silent: none of its ${sensorCount} sensors has reported for ${Math.round(silentMs / 60_000)} min.`;
}
