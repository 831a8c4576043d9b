/** Runs one per-reading rule for one reading: the condition's verdict through the shared lifecycle. */
import type { CompiledSensorRule } from './compile-rule.ts';
import { applyVerdict, endAlert } from './lifecycle.ts';
import { createSlot, ruleStateOf } from './state.ts';
import type { EngineState } from './state.ts';
import { appendTransition, buildTransition } from './transition.ts';
import type { AlertTransition, RuleReading, RuleSensor } from './types.ts';
import { createVerdict } from './verdict.ts';

const verdict = createVerdict();

export function evaluateSensorRule(
  state: EngineState,
  rule: CompiledSensorRule,
  reading: RuleReading,
  sensor: RuleSensor,
  now: number,
  out: AlertTransition[] | null,
): AlertTransition[] | null {
  const condition = rule.condition;
  const slots = ruleStateOf(state, rule.id).sensors;
  let slot = slots[sensor.id];
  // Data time drives `for` and dwells (a gateway catching up replays its real timeline); never backwards.
  const t = slot === undefined ? reading.ts : Math.max(reading.ts, slot.t);
  if (slot === undefined && !condition.stateless) {
    slot = createSlot(t, condition.initData());
    slots[sensor.id] = slot;
  }
  if (!condition.evaluate(reading, sensor, t, slot?.data ?? null, verdict)) {
    if (slot !== undefined) slot.t = t;
    return out;
  }
  if (slot === undefined) {
    if (verdict.kind !== 'fire') return out;
    slot = createSlot(t, null);
    slots[sensor.id] = slot;
  }
  slot.t = t;

  const kind = applyVerdict(slot, verdict, t, rule.timings, condition.peakMode, rule.certainty);
  const alert = slot.alert;
  if (kind === null || alert === null) {
    if (condition.stateless && slot.alert === null && slot.pendingSince === null) delete slots[sensor.id];
    return out;
  }
  const message = condition.describe({ kind, sensor, verdict, data: slot.data });
  const subjectType = rule.gaugeSubject && sensor.kind === 'water_level_gauge' ? 'gauge' : 'sensor';
  out = appendTransition(
    out,
    buildTransition({
      rule,
      subject: { type: subjectType, id: sensor.id },
      kind,
      alert,
      unit: condition.unit,
      message,
      sensorIds: [sensor.id],
      observedAt: t,
      at: now,
    }),
  );
  if (kind === 'clear') {
    endAlert(slot);
    if (condition.stateless) delete slots[sensor.id];
  }
  return out;
}
