/**
 * Runs fire-correlation rules: a detection looks for corroborating detections nearby and raises or grows
 * the cluster's alert (subject: the village of the earliest detection, kept while the alert lives); the
 * tick forgets old detections and clears alerts no longer corroborated.
 */
import type { CompiledCorrelationRule } from './compile-rule.ts';
import { applyVerdict, endAlert } from './lifecycle.ts';
import { createSlot, ruleStateOf } from './state.ts';
import type { EngineState, RuleState } from './state.ts';
import { appendTransition, buildTransition } from './transition.ts';
import type { AlertTransition, RuleReading, RuleSensor } from './types.ts';
import { createVerdict, setVerdict } from './verdict.ts';
import {
  clusterAround,
  createFireDetections,
  describeCorrelation,
  liveDetections,
  pruneDetections,
  recordDetection,
} from './conditions/fire-correlation.ts';
import type { FireDetections } from './conditions/fire-correlation.ts';
import { fireSignalOf } from './conditions/fire-signal.ts';

const verdict = createVerdict();

function detectionsOf(rs: RuleState): FireDetections {
  if (rs.shared === null || typeof rs.shared !== 'object') rs.shared = createFireDetections();
  // Restore checks the shape (restore-state.ts); the engine itself only ever stores FireDetections here.
  return rs.shared as FireDetections;
}

/** The village whose active alert already covers one of these sensors, so a growing cluster keeps one alert. */
function activeVillageFor(rs: RuleState, sensorIds: readonly string[]): string | undefined {
  for (const villageId in rs.villages) {
    const ids = rs.villages[villageId]?.alert?.sensorIds;
    if (ids != null && sensorIds.some((id) => ids.includes(id))) return villageId;
  }
  return undefined;
}

export function correlationOnReading(
  state: EngineState,
  rule: CompiledCorrelationRule,
  reading: RuleReading,
  sensor: RuleSensor,
  now: number,
  out: AlertTransition[] | null,
): AlertTransition[] | null {
  const c = rule.condition;
  if (fireSignalOf(reading.metrics, c.signal) <= 0) return out;
  const rs = ruleStateOf(state, rule.id);
  const detections = detectionsOf(rs);
  const t = reading.ts;
  recordDetection(c, detections, sensor, t);
  const cluster = clusterAround(c, detections, sensor, t);
  if (cluster.sensorIds.length < c.minSensors) return out;

  const villageId = activeVillageFor(rs, cluster.sensorIds) ?? cluster.villageId;
  let slot = rs.villages[villageId];
  if (slot === undefined) {
    slot = createSlot(t, null);
    rs.villages[villageId] = slot;
  }
  slot.t = Math.max(slot.t, t);
  // The alert's sensors are every sensor the cluster has had while it lives; its value is their count.
  const members = slot.alert?.sensorIds?.slice() ?? [];
  for (const id of cluster.sensorIds) if (!members.includes(id)) members.push(id);
  setVerdict(verdict, 'fire', rule.severity, members.length, c.minSensors);
  const kind = applyVerdict(slot, verdict, slot.t, rule.timings, 'max', rule.certainty);
  const alert = slot.alert;
  if (alert === null) return out;
  alert.sensorIds = members;
  if (kind === null) return out;
  const message = describeCorrelation(c, members, cluster.sensorIds.length, false);
  return appendTransition(
    out,
    buildTransition({ rule, subject: { type: 'village', id: villageId }, kind, alert, unit: 'sensors', message, sensorIds: members.slice(), observedAt: slot.t, at: now }),
  );
}

export function tickCorrelation(
  state: EngineState,
  rule: CompiledCorrelationRule,
  now: number,
  out: AlertTransition[] | null,
): AlertTransition[] | null {
  const c = rule.condition;
  const rs = ruleStateOf(state, rule.id);
  const detections = detectionsOf(rs);
  pruneDetections(c, detections, now);
  for (const villageId in rs.villages) {
    const slot = rs.villages[villageId];
    if (slot === undefined) continue;
    const alert = slot.alert;
    if (alert === null) {
      delete rs.villages[villageId];
      continue;
    }
    const members = alert.sensorIds ?? [];
    const live = liveDetections(c, detections, members, now);
    setVerdict(verdict, live >= c.minSensors ? 'hold' : 'clear', alert.severity, live, c.minSensors);
    slot.t = Math.max(slot.t, now);
    const kind = applyVerdict(slot, verdict, slot.t, rule.timings, 'max', rule.certainty);
    if (kind === null) continue;
    const message = describeCorrelation(c, members, live, kind === 'clear');
    out = appendTransition(
      out,
      buildTransition({ rule, subject: { type: 'village', id: villageId }, kind, alert, unit: 'sensors', message, sensorIds: members.slice(), observedAt: slot.t, at: now }),
    );
    if (kind === 'clear') {
      endAlert(slot);
      delete rs.villages[villageId];
    }
  }
  return out;
}
