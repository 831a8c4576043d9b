/** A read-only summary of engine state for `GET /api/rules`: what each rule has active or pending. */
import type { CapCertainty, CapSeverity } from './cap-vocabulary.ts';
import type { Rule } from './rule-schema.ts';
import type { EngineState, Slot } from './state.ts';
import type { AlertSubject } from './types.ts';

export interface ActiveAlertView {
  readonly subject: AlertSubject;
  readonly severity: CapSeverity;
  readonly certainty: CapCertainty;
  readonly raisedAt: number;
  readonly value: number;
  readonly peak: number;
  /** Set while the clear condition holds but its dwell has not passed. */
  readonly clearingSince: number | null;
}

export interface RuleLiveState {
  readonly ruleId: string;
  readonly active: readonly ActiveAlertView[];
  /** Subjects whose raise condition holds but whose `for` has not passed yet. */
  readonly pending: readonly AlertSubject[];
  /** Subjects the rule keeps memory for (sample windows, FWI codes). */
  readonly tracked: number;
}

function collect(type: AlertSubject['type'], slots: Record<string, Slot>, active: ActiveAlertView[], pending: AlertSubject[]): number {
  let n = 0;
  for (const id in slots) {
    const slot = slots[id];
    if (slot === undefined) continue;
    n++;
    const subject = { type, id };
    if (slot.pendingSince !== null) pending.push(subject);
    const a = slot.alert;
    if (a !== null) {
      active.push({ subject, severity: a.severity, certainty: a.certainty, raisedAt: a.raisedAt, value: a.value, peak: a.peak, clearingSince: a.clearSince });
    }
  }
  return n;
}

/** Gauge subjects are reported as sensors here; transitions carry the exact subject type. */
export function inspectEngineState(state: EngineState, rules: readonly Rule[]): RuleLiveState[] {
  return rules.map((rule) => {
    const rs = state.rules[rule.id];
    const active: ActiveAlertView[] = [];
    const pending: AlertSubject[] = [];
    let tracked = 0;
    if (rs !== undefined) {
      tracked += collect('sensor', rs.sensors, active, pending);
      tracked += collect('gateway', rs.gateways, active, pending);
      tracked += collect('village', rs.villages, active, pending);
    }
    return { ruleId: rule.id, active, pending, tracked };
  });
}
