/**
 * Runs no-data rules: the tick raises sensor-offline and gateway-down alerts, a reading clears them.
 * See conditions/no-data.ts for why a silent sensor waits while its whole gateway is quiet.
 */
import type { CompiledNoDataRule } from './compile-rule.ts';
import { applyVerdict, endAlert } from './lifecycle.ts';
import type { Slot } from './state.ts';
import { createSlot, emptyRecord, ruleStateOf } from './state.ts';
import type { EngineState, RuleState } from './state.ts';
import { selects } from './selector.ts';
import { appendTransition, buildTransition } from './transition.ts';
import type { AlertSubject, AlertTransition, RuleSensor } from './types.ts';
import { createVerdict, setVerdict } from './verdict.ts';
import { describeGatewayDown, describeSensorOffline, gatewayAway, sensorSilence, silenceWindowMs } from './conditions/no-data.ts';
import type { GatewayPresence } from './conditions/no-data.ts';
import { sensorLabel } from './conditions/sensor-condition.ts';

const verdict = createVerdict();
interface RegistryIndex {
  readonly byGateway: Map<string, RuleSensor[]>;
  readonly ids: Set<string>;
}

function presenceOf(rs: RuleState): GatewayPresence {
  if (rs.shared === null || typeof rs.shared !== 'object') rs.shared = { away: emptyRecord<number>(), returnedAt: emptyRecord<number>() };
  // Restore checks the shape (restore-state.ts); the engine itself only ever stores GatewayPresence here.
  return rs.shared as GatewayPresence;
}

const registryCache = new WeakMap<readonly RuleSensor[], RegistryIndex>();

/** Sensors grouped by gateway, remembered per registry array (the server passes the same array until it changes). */
function indexRegistry(sensors: readonly RuleSensor[]): RegistryIndex {
  let index = registryCache.get(sensors);
  if (index === undefined) {
    const byGateway = new Map<string, RuleSensor[]>();
    for (const s of sensors) {
      const list = byGateway.get(s.gatewayId);
      if (list === undefined) byGateway.set(s.gatewayId, [s]);
      else list.push(s);
    }
    index = { byGateway, ids: new Set(sensors.map((s) => s.id)) };
    registryCache.set(sensors, index);
  }
  return index;
}

function step(
  rule: CompiledNoDataRule,
  slot: Slot,
  subject: AlertSubject,
  sensorIds: readonly string[],
  t: number,
  message: () => string,
  out: AlertTransition[] | null,
): AlertTransition[] | null {
  const kind = applyVerdict(slot, verdict, t, rule.timings, 'none', rule.certainty);
  const alert = slot.alert;
  if (kind === null || alert === null) return out;
  out = appendTransition(
    out,
    buildTransition({ rule, subject, kind, alert, unit: 'min', message: message(), sensorIds, observedAt: t, at: t }),
  );
  if (kind === 'clear') endAlert(slot);
  return out;
}

/** A reading clears its sensor's offline alert (after the clear dwell, if any, on later ticks). */
export function noDataOnReading(
  state: EngineState,
  rule: CompiledNoDataRule,
  sensor: RuleSensor,
  now: number,
  out: AlertTransition[] | null,
): AlertTransition[] | null {
  const slot = ruleStateOf(state, rule.id).sensors[sensor.id];
  if (slot?.alert == null) return out;
  setVerdict(verdict, 'clear', slot.alert.severity, 0);
  return step(rule, slot, { type: 'sensor', id: sensor.id }, [sensor.id], now, () => `Sensor ${sensorLabel(sensor)} is reporting again.`, out);
}

/** A reading from any sensor of a gateway clears that gateway's down alert, whatever the rule's selector. */
export function gatewayOnReading(
  state: EngineState,
  rule: CompiledNoDataRule,
  sensor: RuleSensor,
  now: number,
  out: AlertTransition[] | null,
): AlertTransition[] | null {
  const rs = ruleStateOf(state, rule.id);
  // The first message after an outage marks the gateway's return: its silent sensors' grace starts now.
  const presence = rs.shared === null ? null : presenceOf(rs);
  if (presence !== null && presence.away[sensor.gatewayId] !== undefined) {
    delete presence.away[sensor.gatewayId];
    presence.returnedAt[sensor.gatewayId] = now;
  }
  const slot = rs.gateways[sensor.gatewayId];
  if (slot?.alert == null) return out;
  setVerdict(verdict, 'clear', slot.alert.severity, 0);
  const ids = slot.alert.sensorIds ?? [sensor.id];
  return step(rule, slot, { type: 'gateway', id: sensor.gatewayId }, ids, now, () => `Gateway ${sensor.gatewayId} is reporting again (${sensorLabel(sensor)}).`, out);
}

/** A sensor or gateway taken out of the registry cannot report again: its alert ends now. */
function forgetUnregistered(
  rule: CompiledNoDataRule,
  slots: Record<string, Slot>,
  registered: { has(id: string): boolean },
  type: 'sensor' | 'gateway',
  now: number,
  out: AlertTransition[] | null,
): AlertTransition[] | null {
  for (const id in slots) {
    if (registered.has(id)) continue;
    const alert = slots[id]?.alert;
    if (alert != null) {
      const message = `${type === 'sensor' ? 'Sensor' : 'Gateway'} ${id} is no longer in the registry.`;
      const sensorIds = alert.sensorIds ?? [id];
      out = appendTransition(
        out,
        buildTransition({ rule, subject: { type, id }, kind: 'clear', alert, unit: 'min', message, sensorIds, observedAt: now, at: now }),
      );
    }
    delete slots[id];
  }
  return out;
}

function tickGateway(
  rule: CompiledNoDataRule,
  slots: Record<string, Slot>,
  gatewayId: string,
  members: readonly RuleSensor[],
  down: boolean,
  silentMs: number,
  now: number,
  out: AlertTransition[] | null,
): AlertTransition[] | null {
  let slot = slots[gatewayId];
  if (!down && slot === undefined) return out;
  slot ??= slots[gatewayId] = createSlot(now, null);
  const sensorIds = slot.alert?.sensorIds ?? members.map((s) => s.id);
  setVerdict(verdict, down ? 'fire' : 'clear', rule.condition.gatewaySeverity ?? rule.severity, Math.round(silentMs / 60_000));
  const message = (): string =>
    down ? describeGatewayDown(gatewayId, members.length, silentMs) : `Gateway ${gatewayId} is reporting again.`;
  out = step(rule, slot, { type: 'gateway', id: gatewayId }, sensorIds, now, message, out);
  if (slot.alert === null) delete slots[gatewayId];
  else slot.alert.sensorIds = sensorIds;
  return out;
}

/** One gateway-down alert replaces the sensor alerts: they end now, without the clear dwell. */
function replaceByGatewayAlert(
  rule: CompiledNoDataRule,
  slots: Record<string, Slot>,
  sensor: RuleSensor,
  now: number,
  out: AlertTransition[] | null,
): AlertTransition[] | null {
  const slot = slots[sensor.id];
  if (slot === undefined) return out;
  delete slots[sensor.id];
  const alert = slot.alert;
  if (alert === null) return out;
  const message = `Sensor ${sensorLabel(sensor)} offline alert is replaced by the gateway-down alert for ${sensor.gatewayId}.`;
  return appendTransition(
    out,
    buildTransition({ rule, subject: { type: 'sensor', id: sensor.id }, kind: 'clear', alert, unit: 'min', message, sensorIds: [sensor.id], observedAt: now, at: now }),
  );
}

function tickSensor(
  rule: CompiledNoDataRule,
  slots: Record<string, Slot>,
  sensor: RuleSensor,
  lastSeen: number,
  gatewayHeard: number,
  gatewayReturnedAt: number | undefined,
  now: number,
  out: AlertTransition[] | null,
): AlertTransition[] | null {
  const existing = slots[sensor.id];
  const silence = sensorSilence(rule.condition, sensor, now, lastSeen, gatewayHeard, gatewayReturnedAt);
  if (silence !== 'offline' && existing === undefined) return out;
  const slot = existing ?? (slots[sensor.id] = createSlot(now, null));
  const silentMs = now - lastSeen;
  const minutes = Math.round(silentMs / 60_000);
  if (silence === 'offline') setVerdict(verdict, 'fire', rule.severity, minutes);
  else setVerdict(verdict, silence === 'undecided' ? 'hold' : 'clear', slot.alert?.severity ?? rule.severity, minutes);
  const message = (): string =>
    silence === 'reporting'
      ? `Sensor ${sensorLabel(sensor)} is reporting again.`
      : describeSensorOffline(sensorLabel(sensor), silentMs, silenceWindowMs(rule.condition, sensor));
  out = step(rule, slot, { type: 'sensor', id: sensor.id }, [sensor.id], now, message, out);
  if (slot.alert === null && slot.pendingSince === null) delete slots[sensor.id];
  return out;
}

export function tickNoData(
  state: EngineState,
  rule: CompiledNoDataRule,
  now: number,
  sensors: readonly RuleSensor[],
  out: AlertTransition[] | null,
): AlertTransition[] | null {
  const c = rule.condition;
  const rs = ruleStateOf(state, rule.id);
  const baseline = state.since ?? now;
  const registry = indexRegistry(sensors);
  const presence = presenceOf(rs);
  for (const id in presence.away) if (!registry.byGateway.has(id)) delete presence.away[id];
  for (const id in presence.returnedAt) if (!registry.byGateway.has(id)) delete presence.returnedAt[id];
  out = forgetUnregistered(rule, rs.sensors, registry.ids, 'sensor', now, out);
  out = forgetUnregistered(rule, rs.gateways, registry.byGateway, 'gateway', now, out);
  for (const [gatewayId, members] of registry.byGateway) {
    const gatewayHeard = state.gatewayLastSeen[gatewayId] ?? baseline;
    let allSilent = true;
    for (const s of members) {
      if (now - (state.lastSeen[s.id] ?? baseline) <= silenceWindowMs(c, s)) {
        allSilent = false;
        break;
      }
    }
    const down = c.gatewayDown && allSilent;
    if (gatewayAway(c, members, now - gatewayHeard)) presence.away[gatewayId] = gatewayHeard;
    let returnedAt = presence.returnedAt[gatewayId];
    const back = returnedAt ?? Infinity;
    if (returnedAt !== undefined && members.every((s) => gatewayHeard > back + silenceWindowMs(c, s))) {
      // The gateway has been heard after every sensor's window since the return: the grace is over.
      delete presence.returnedAt[gatewayId];
      returnedAt = undefined;
    }
    out = tickGateway(rule, rs.gateways, gatewayId, members, down, now - gatewayHeard, now, out);
    for (const s of members) {
      if (!selects(rule.selector, s)) continue;
      if (down) out = replaceByGatewayAlert(rule, rs.sensors, s, now, out);
      else out = tickSensor(rule, rs.sensors, s, state.lastSeen[s.id] ?? baseline, gatewayHeard, returnedAt, now, out);
    }
  }
  return out;
}
