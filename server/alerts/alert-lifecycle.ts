/**
 * The alert lifecycle as pure functions: firing → acknowledged → resolved, and what an engine
 * transition does to an alert. Decisions only; the service persists, audits and publishes them.
 *
 * Decisions worth knowing (docs: the alert API):
 * - Acknowledging needs a comment; only a firing alert can be acknowledged.
 * - Resolving by hand needs a comment; firing and acknowledged alerts can be resolved.
 * - The engine's clear resolves an open alert automatically (`by: system`).
 * - An acknowledged alert whose severity goes UP is firing again: the acknowledgement was for a lesser
 *   danger, so it needs a new one, and escalation starts over from the first level. Going down, or a new
 *   peak at the same severity, keeps the acknowledgement.
 * - A firing alert whose severity goes up is notified again at the level it has reached.
 */
import { compareSeverity } from '../../rules/engine/cap-vocabulary.ts';
import type { AlertTransition } from '../../rules/engine/types.ts';
import type { AlertAction, AlertState } from '../contracts/alerts.ts';
import type { AlertRecord } from './alert-record.ts';
import type { SubjectPlace } from './subject-place.ts';

export type LifecycleEventKind = 'raised' | 'updated' | 'acknowledged' | 'reescalated' | 'resolved';

export interface LifecycleEvent {
  readonly kind: LifecycleEventKind;
  readonly by: string;
  readonly message: string;
}

/** Who should hear about a step: the first escalation level, or the level the alert has reached. */
export type NotifyIntent = { readonly reason: 'raised' | 'reescalated'; readonly level: 'first' | 'current' } | null;

export interface LifecycleStep {
  readonly alert: AlertRecord;
  readonly event: LifecycleEvent;
  readonly notify: NotifyIntent;
}

export interface LifecycleConflict {
  readonly code: 'alert_already_acknowledged' | 'alert_resolved';
  readonly message: string;
  readonly allowed: readonly AlertAction[];
}

export type LifecycleResult = { readonly ok: true; readonly step: LifecycleStep } | { readonly ok: false; readonly conflict: LifecycleConflict };

export const SYSTEM_ACTOR = 'system';

export function allowedActions(state: AlertState): AlertAction[] {
  switch (state) {
    case 'firing':
      return ['acknowledge', 'resolve'];
    case 'acknowledged':
      return ['resolve'];
    case 'resolved':
      return [];
  }
}

function conflict(alert: AlertRecord, action: AlertAction): LifecycleResult {
  const allowed = allowedActions(alert.state);
  const what = allowed.length === 0 ? 'nothing more can be done with it' : `it can only be ${allowed.map((a) => `${a}d`).join(' or ')}`;
  if (alert.state === 'resolved') {
    return { ok: false, conflict: { code: 'alert_resolved', message: `Alert ${alert.id} is already resolved, so it cannot be ${action}d: ${what}.`, allowed } };
  }
  return {
    ok: false,
    conflict: { code: 'alert_already_acknowledged', message: `Alert ${alert.id} is already acknowledged by ${alert.acknowledged?.by ?? 'someone'}: ${what}.`, allowed },
  };
}

export function acknowledgeAlert(alert: AlertRecord, by: string, comment: string, at: number): LifecycleResult {
  if (alert.state !== 'firing') return conflict(alert, 'acknowledge');
  return {
    ok: true,
    step: {
      alert: { ...alert, state: 'acknowledged', acknowledged: { by, at, comment }, updatedAt: at },
      event: { kind: 'acknowledged', by, message: comment },
      notify: null,
    },
  };
}

/** By hand: the engine may still see the condition (engineActive stays as it is). */
export function resolveAlert(alert: AlertRecord, by: string, comment: string, at: number): LifecycleResult {
  if (alert.state === 'resolved') return conflict(alert, 'resolve');
  return {
    ok: true,
    step: {
      alert: { ...alert, state: 'resolved', resolved: { by, at, comment, automatic: false }, updatedAt: at },
      event: { kind: 'resolved', by, message: comment },
      notify: null,
    },
  };
}

/** The engine's clear, or the service closing an alert the engine no longer knows (rule removed). */
export function resolveAutomatically(alert: AlertRecord, reason: string, at: number, observedAt = alert.observedAt, value = alert.value): LifecycleStep {
  return {
    alert: {
      ...alert,
      state: 'resolved',
      value,
      observedAt,
      resolved: { by: SYSTEM_ACTOR, at, comment: reason, automatic: true },
      engineActive: false,
      updatedAt: at,
    },
    event: { kind: 'resolved', by: SYSTEM_ACTOR, message: reason },
    notify: null,
  };
}

/** What a raise and an update both take from the engine's transition and the subject's place. */
function fromTransition(t: AlertTransition, place: SubjectPlace) {
  return {
    ruleName: t.ruleName,
    public: t.public,
    severity: t.severity,
    urgency: t.urgency,
    certainty: t.certainty,
    value: t.value,
    peak: t.peak,
    unit: t.unit,
    message: t.message,
    machineTypes: [...t.machineTypes],
    sensorIds: [...t.sensorIds],
    subjectName: place.name,
    lat: place.lat,
    lon: place.lon,
    villageId: place.villageId,
    observedAt: t.observedAt,
  } satisfies Partial<AlertRecord>;
}

export function raiseAlert(t: AlertTransition, id: string, place: SubjectPlace, at: number): LifecycleStep {
  return {
    alert: {
      id,
      ruleId: t.ruleId,
      hazard: t.hazard,
      subjectType: t.subject.type,
      subjectId: t.subject.id,
      state: 'firing',
      ...fromTransition(t, place),
      raisedAt: t.raisedAt,
      updatedAt: at,
      acknowledged: null,
      resolved: null,
      escalationLevel: -1,
      escalationSince: at,
      lastNotifiedAt: null,
      engineActive: true,
    },
    event: { kind: 'raised', by: SYSTEM_ACTOR, message: t.message },
    notify: { reason: 'raised', level: 'first' },
  };
}

/** An engine update (new peak, other severity or certainty) applied to an open alert. */
export function updateAlert(alert: AlertRecord, t: AlertTransition, place: SubjectPlace, at: number): LifecycleStep {
  const worse = compareSeverity(t.severity, alert.severity) > 0;
  const base: AlertRecord = {
    ...alert,
    ...fromTransition(t, place),
    updatedAt: at,
    engineActive: true,
  };
  if (worse && alert.state === 'acknowledged') {
    return {
      alert: { ...base, state: 'firing', acknowledged: null, escalationLevel: -1, escalationSince: at, lastNotifiedAt: null },
      event: { kind: 'reescalated', by: SYSTEM_ACTOR, message: `${alert.severity} → ${t.severity}; acknowledgement by ${alert.acknowledged?.by ?? '?'} no longer covers it. ${t.message}` },
      notify: { reason: 'reescalated', level: 'first' },
    };
  }
  return {
    alert: base,
    event: { kind: 'updated', by: SYSTEM_ACTOR, message: worse ? `${alert.severity} → ${t.severity}. ${t.message}` : t.message },
    notify: worse && alert.state === 'firing' ? { reason: 'reescalated', level: 'current' } : null,
  };
}

/** What an engine transition means for the alerts of its rule and subject. */
export type EngineDecision =
  | { readonly kind: 'open'; readonly release: AlertRecord | null }
  | { readonly kind: 'update'; readonly alert: AlertRecord }
  | { readonly kind: 'clear'; readonly alert: AlertRecord }
  | { readonly kind: 'release'; readonly alert: AlertRecord }
  | { readonly kind: 'ignore' };

/**
 * `open` is the open alert of the transition's rule and subject; `held` the newest alert resolved by
 * hand while the engine still held its condition. A hand-resolved alert stays closed through the
 * engine's updates unless the danger grows (a higher severity opens a new alert); the engine's clear
 * releases it, so the next raise is a new alert. A raise or update nobody knows about opens one, so an
 * engine and a store that disagree (after a crash) heal instead of hiding an alert.
 */
export function decideForTransition(t: AlertTransition, open: AlertRecord | undefined, held: AlertRecord | undefined): EngineDecision {
  switch (t.kind) {
    case 'raise':
      return open ? { kind: 'update', alert: open } : { kind: 'open', release: held ?? null };
    case 'update':
      if (open) return { kind: 'update', alert: open };
      if (held) return compareSeverity(t.severity, held.severity) > 0 ? { kind: 'open', release: held } : { kind: 'ignore' };
      return { kind: 'open', release: null };
    case 'clear':
      if (open) return { kind: 'clear', alert: open };
      if (held) return { kind: 'release', alert: held };
      return { kind: 'ignore' };
  }
}
