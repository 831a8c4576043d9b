/**
 * Alerts about Skopia itself (the self-check), raised through the alert service's one entry point for
 * the rule engine: a transition. So they are persisted, audited, notified, escalated and shown like any
 * rule's alert, and never go to the public CAP feed.
 */
import type { CapSeverity } from '../../rules/engine/cap-vocabulary.ts';
import type { AlertTransition, TransitionKind } from '../../rules/engine/types.ts';

/** What the canary needs of the alert service (AlertService fits as is). */
export interface SystemAlertSink {
  applyTransitions(transitions: readonly AlertTransition[]): void;
  openAlerts(): readonly { readonly ruleId: string; readonly subjectId: string }[];
}

export interface SystemAlert {
  /** Not a rule file's id: rule ids cannot hold ":", so `skopia:...` never clashes with one. */
  readonly ruleId: string;
  readonly ruleName: string;
  /** Which part of Skopia it is about; shown as the alert's subject. */
  readonly subjectId: string;
  readonly severity: CapSeverity;
  readonly message: string;
  readonly value: number;
  /** The worst value since it was raised; `value` when not given. */
  readonly peak?: number;
  readonly unit: string;
}

export function systemAlertTransition(kind: TransitionKind, alert: SystemAlert, raisedAt: number, at: number): AlertTransition {
  return {
    ruleId: alert.ruleId,
    ruleName: alert.ruleName,
    subject: { type: 'gateway', id: alert.subjectId },
    kind,
    hazard: 'sensor_fault',
    public: false,
    severity: alert.severity,
    urgency: 'Immediate',
    certainty: 'Observed',
    value: alert.value,
    peak: alert.peak ?? alert.value,
    unit: alert.unit,
    message: alert.message,
    machineTypes: [],
    // No sensor behind it: no sensor on the map changes colour.
    sensorIds: [],
    raisedAt,
    observedAt: at,
    at,
  };
}

export function isSystemAlertOpen(sink: SystemAlertSink, ruleId: string, subjectId: string): boolean {
  return sink.openAlerts().some((a) => a.ruleId === ruleId && a.subjectId === subjectId);
}
