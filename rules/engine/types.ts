/**
 * What the rule engine consumes and produces. Inputs are declared structurally, so the server passes its
 * own Reading and Sensor objects without rules/ importing server/.
 */
import type { CapCertainty, CapSeverity, CapUrgency } from './cap-vocabulary.ts';
import type { Hazard, MachineType } from '../hazards/machine-types.ts';
import type { GaugeLevels } from '../hazards/flood-levels.ts';

/** A reading as the engine needs it; booleans are already 1/0. */
export interface RuleReading {
  readonly sensorId: string;
  /** Measurement time, epoch ms. */
  readonly ts: number;
  readonly metrics: Readonly<Record<string, number>>;
}

/** A sensor's registry record as the engine needs it. */
export interface RuleSensor {
  readonly id: string;
  /** For messages; the id is used when absent. */
  readonly name?: string | undefined;
  readonly kind: string;
  readonly lat: number;
  readonly lon: number;
  readonly villageId: string;
  readonly gatewayId: string;
  readonly expectedIntervalS: number;
  readonly levels?: GaugeLevels | undefined;
}

/** What an alert is about; one active alert per rule and subject. */
export const SUBJECT_TYPES = ['sensor', 'gauge', 'village', 'gateway'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export interface AlertSubject {
  readonly type: SubjectType;
  readonly id: string;
}

export type TransitionKind = 'raise' | 'update' | 'clear';

/** One change of one alert, for the alert service to persist, notify and publish. */
export interface AlertTransition {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly subject: AlertSubject;
  readonly kind: TransitionKind;
  readonly hazard: Hazard;
  /** Whether the rule's alerts go to the public CAP feed. */
  readonly public: boolean;
  readonly severity: CapSeverity;
  readonly urgency: CapUrgency;
  readonly certainty: CapCertainty;
  /** The observed value that decided this transition, in the condition's unit (see `unit`). */
  readonly value: number;
  /** The most extreme value since the alert was raised. */
  readonly peak: number;
  readonly unit: string;
  /** A sentence for an officer: which rule, which values, which trend. */
  readonly message: string;
  /** The dispatch hint for the hazard (DOMAIN.md §6). */
  readonly machineTypes: readonly MachineType[];
  /** The sensors behind the alert (one for a sensor rule, several for a gateway or a fire cluster). */
  readonly sensorIds: readonly string[];
  /** When the alert was raised, epoch ms (equals `observedAt` for a raise). */
  readonly raisedAt: number;
  /** Data time the condition was decided at (a reading's ts, or the tick's now), epoch ms. */
  readonly observedAt: number;
  /** Engine time of the call that produced the transition, epoch ms. */
  readonly at: number;
}

export interface EngineResult<S> {
  /** The same state object that was passed in, updated in place. */
  readonly state: S;
  readonly transitions: readonly AlertTransition[];
}
