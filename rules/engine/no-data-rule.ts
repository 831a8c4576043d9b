/**
 * Runs no-data rules: the tick raises sensor-offline and gateway-down alerts, a reading clears them.
 * See conditions/no-data.ts for why a silent sensor waits while its whole gateway is quiet.
 */
import type { CompiledNoDataRule } from './compile-rule.ts';
import { applyVerdict, endAlert } from './lifecycle.ts';
import type { Slot } from './state.ts';
import { createSlot, ruleStateOf } from './state.ts';
import type { EngineState } from './state.ts';
import { selects } from './selector.ts';
import { appendTransition, buildTransition } from './transition.ts';
import type { AlertSubject, AlertTransition, RuleSensor } from './types.ts';
import { createVerdict, setVerdict } from './verdict.ts';
import { describeGatewayDown, describeSensorOffline, sensorSilence, silenceWindowMs } from './conditions/no-data.ts';
import { sensorLabel } from './conditions/sensor-condition.ts';

const verdict = createVerdict();
const byGatewayCache = new WeakMap<readonly RuleSensor[], Map<string, RuleSensor[]>>();

/** Sensors grouped by gateway, remembered per registry array (the server passes the same array until it changes). */
function sensorsByGateway(sensors: readonly RuleSensor[]): Map<string, RuleSensor[]> {
  let groups = byGatewayCache.get(sensors);
  if (groups === undefined) {
    groups = new Map();
    for (const s of sensors) {
      const list = groups.get(s.gatewayId);
      if (list === undefined) groups.set(s.gatewayId, [s]);
      else list.push(s);
    }
    byGatewayCache.set(sensors, groups);
  }
  return groups;
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
  const slot = ruleStateOf(state, rule.id).gateways[sensor.gatewayId];
  if (slot?.alert == null) return out;
  setVerdict(verdict, 'clear', slot.alert.severity, 0);
  const ids = slot.alert.sensorIds ?? [sensor.id];
  return step(rule, slot, { type: 'gateway', id: sensor.gatewayId }, ids, now, () => `Gateway ${sensor.gatewayId} is reporting again (${sensorLabel(sensor)}).`, out);
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
  for (const [gatewayId, members] of sensorsByGateway(sensors)) {
    const gatewayHeard = state.gatewayLastSeen[gatewayId] ?? baseline;
    let allSilent = true;
    for (const s of members) {
      if (now - (state.lastSeen[s.id] ?? baseline) <= silenceWindowMs(c, s)) {
        allSilent = false;
        break;
      }
    }
    const gatewayDown = c.gatewayDown && allSilent;

    let gatewaySlot = rs.gateways[gatewayId];
    if (gatewayDown || gatewaySlot !== undefined) {
      if (gatewaySlot === undefined) {
        gatewaySlot = createSlot(now, null);
        rs.gateways[gatewayId] = gatewaySlot;
      }
      const silentMs = now - gatewayHeard;
      const severity = c.gatewaySeverity ?? rule.severity;
      setVerdict(verdict, gatewayDown ? 'fire' : 'clear', severity, Math.round(silentMs / 60_000));
      out = step(rule, gatewaySlot, { type: 'gateway', id: gatewayId }, members.map((s) => s.id), now, () =>
        gatewayDown ? describeGatewayDown(gatewayId, members.length, silentMs) : `Gateway ${gatewayId} is reporting again.`, out);
      if (gatewaySlot.alert === null) delete rs.gateways[gatewayId];
      else if (gatewayDown) gatewaySlot.alert.sensorIds ??= members.map((s) => s.id);
    }

    for (const s of members) {
      if (!selects(rule.selector, s)) continue;
      const slot = rs.sensors[s.id];
      if (gatewayDown) {
        // One gateway-down alert replaces the sensor alerts: end them now, without the clear dwell.
        if (slot?.alert != null) {
          const alert = slot.alert;
          out = appendTransition(out, buildTransition({
            rule, subject: { type: 'sensor', id: s.id }, kind: 'clear', alert, unit: 'min',
            message: `Sensor ${sensorLabel(s)} offline alert is replaced by the gateway-down alert for ${gatewayId}.`,
            sensorIds: [s.id], observedAt: now, at: now,
          }));
        }
        if (slot !== undefined) delete rs.sensors[s.id];
        continue;
      }
      const lastSeen = state.lastSeen[s.id] ?? baseline;
      const silence = sensorSilence(c, s, now, lastSeen, gatewayHeard);
      if (silence !== 'offline' && slot === undefined) continue;
      const silentMs = now - lastSeen;
      const minutes = Math.round(silentMs / 60_000);
      if (silence === 'offline') setVerdict(verdict, 'fire', rule.severity, minutes);
      else setVerdict(verdict, silence === 'undecided' ? 'hold' : 'clear', slot?.alert?.severity ?? rule.severity, minutes);
      const target = slot ?? (rs.sensors[s.id] = createSlot(now, null));
      out = step(rule, target, { type: 'sensor', id: s.id }, [s.id], now, () =>
        silence === 'reporting' ? `Sensor ${sensorLabel(s)} is reporting again.` : describeSensorOffline(sensorLabel(s), silentMs, silenceWindowMs(c, s)), out);
      if (target.alert === null && target.pendingSince === null) delete rs.sensors[s.id];
    }
  }
  return out;
}
