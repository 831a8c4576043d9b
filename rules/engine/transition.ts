import type { CompiledRule } from './compile-rule.ts';
import type { ActiveAlert } from './state.ts';
import type { AlertSubject, AlertTransition, TransitionKind } from './types.ts';

/** Shared empty result: most readings change nothing and should allocate nothing. */
export const NO_TRANSITIONS: readonly AlertTransition[] = Object.freeze([]);

export interface TransitionFacts {
  readonly rule: CompiledRule;
  readonly subject: AlertSubject;
  readonly kind: TransitionKind;
  readonly alert: ActiveAlert;
  readonly unit: string;
  readonly message: string;
  readonly sensorIds: readonly string[];
  readonly observedAt: number;
  readonly at: number;
}

export function buildTransition(f: TransitionFacts): AlertTransition {
  return {
    ruleId: f.rule.id,
    ruleName: f.rule.name,
    subject: f.subject,
    kind: f.kind,
    hazard: f.rule.hazard,
    public: f.rule.public,
    severity: f.alert.severity,
    urgency: f.rule.urgency,
    certainty: f.alert.certainty,
    value: f.alert.value,
    peak: f.alert.peak,
    unit: f.unit,
    message: f.message,
    machineTypes: f.rule.machineTypes,
    sensorIds: f.sensorIds,
    raisedAt: f.alert.raisedAt,
    observedAt: f.observedAt,
    at: f.at,
  };
}

/** Appends to a lazily created list, so calls without transitions allocate none. */
export function appendTransition(out: AlertTransition[] | null, t: AlertTransition): AlertTransition[] {
  if (out === null) return [t];
  out.push(t);
  return out;
}
