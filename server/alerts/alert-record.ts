/**
 * An alert as the service keeps it: what the engine said (rule, subject, severity, values, message),
 * where it is, and what officers and escalation did with it. One row of the `alerts` table.
 */
import type { CapCertainty, CapSeverity, CapUrgency } from '../../rules/engine/cap-vocabulary.ts';
import type { SubjectType } from '../../rules/engine/types.ts';
import type { Hazard, MachineType } from '../../rules/hazards/machine-types.ts';
import type { AlertSignoff, AlertState } from '../contracts/alerts.ts';

export interface AlertRecord {
  readonly id: string;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly hazard: Hazard;
  readonly public: boolean;
  readonly subjectType: SubjectType;
  readonly subjectId: string;
  readonly subjectName: string;
  readonly state: AlertState;
  readonly severity: CapSeverity;
  readonly urgency: CapUrgency;
  readonly certainty: CapCertainty;
  readonly value: number;
  readonly peak: number;
  readonly unit: string;
  readonly message: string;
  readonly machineTypes: readonly MachineType[];
  readonly sensorIds: readonly string[];
  readonly lat: number;
  readonly lon: number;
  readonly villageId: string | null;
  readonly raisedAt: number;
  readonly updatedAt: number;
  readonly observedAt: number;
  readonly acknowledged: AlertSignoff | null;
  readonly resolved: (AlertSignoff & { readonly automatic: boolean }) | null;
  /** The highest escalation level notified since `escalationSince`; -1 before the first notification. */
  readonly escalationLevel: number;
  /** When the escalation clock (re)started: the raise, or the re-escalation of an acknowledged alert. */
  readonly escalationSince: number;
  readonly lastNotifiedAt: number | null;
  /**
   * Whether the rule engine still holds the condition as active. An alert resolved by hand while the
   * condition still holds keeps this true, so the engine's later update or clear is recognised as
   * belonging to it instead of opening a new alert.
   */
  readonly engineActive: boolean;
}

/** One active alert per rule and subject: this key. */
export function alertKey(ruleId: string, subjectType: SubjectType, subjectId: string): string {
  return `${ruleId}\u0000${subjectType}\u0000${subjectId}`;
}

export function keyOf(a: Pick<AlertRecord, 'ruleId' | 'subjectType' | 'subjectId'>): string {
  return alertKey(a.ruleId, a.subjectType, a.subjectId);
}

export function isOpen(a: Pick<AlertRecord, 'state'>): boolean {
  return a.state !== 'resolved';
}
