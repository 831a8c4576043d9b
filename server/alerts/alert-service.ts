/**
 * The alert service: turns the engine's transitions and officers' actions into alerts that are
 * persisted (with history and audit entry in one transaction), notified and escalated, and announced
 * on the bus (AlertChanged: live hub, CAP feed). Synchronous on the hot path: SQLite writes are a few
 * microseconds in WAL mode; notifications run in the background.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { compareSeverity } from '../../rules/engine/cap-vocabulary.ts';
import type { CapSeverity } from '../../rules/engine/cap-vocabulary.ts';
import type { AlertTransition } from '../../rules/engine/types.ts';
import type { AlertChange, AlertEvent, AlertNotification, AlertView } from '../contracts/alerts.ts';
import type { EventBus } from '../events.ts';
import { HttpError } from '../http/error-handler.ts';
import type { AuditLog } from '../store/audit-log.ts';
import {
  acknowledgeAlert,
  decideForTransition,
  raiseAlert,
  resolveAlert,
  resolveAutomatically,
  updateAlert,
  SYSTEM_ACTOR,
  type LifecycleResult,
  type LifecycleStep,
  type NotifyIntent,
} from './alert-lifecycle.ts';
import type { AlertNotifications } from './alert-notifications.ts';
import { alertKey, keyOf, type AlertRecord } from './alert-record.ts';
import type { AlertListQuery, AlertStore } from './alert-store.ts';
import { alertView, auditSummary } from './alert-view.ts';
import { currentLevel, dueEscalations, firstLevel, type EscalationPolicy } from './escalation.ts';
import type { NotificationStore } from './notification-store.ts';
import { subjectPlace, type PlaceLookup } from './subject-place.ts';

export interface AlertServiceDeps {
  readonly store: AlertStore;
  readonly notificationLog: NotificationStore;
  readonly audit: AuditLog;
  readonly bus: EventBus;
  readonly places: PlaceLookup;
  readonly notifications: AlertNotifications;
  readonly afterMinutes: EscalationPolicy['afterMinutes'];
  readonly log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  readonly now: () => number;
}

/** Who acts, for the lifecycle and the audit log. */
export interface AlertActor {
  readonly name: string;
  readonly sourceIp: string | null;
}

/** Whether the engine still holds a rule's condition for a subject, and whether the rule exists at all. */
export interface EngineView {
  hasRule(ruleId: string): boolean;
  holds(ruleId: string, subjectType: AlertRecord['subjectType'], subjectId: string): boolean;
}

export class AlertService {
  readonly #d: AlertServiceDeps;
  /** Open (firing or acknowledged) alerts by id, and their ids by rule and subject. */
  readonly #open = new Map<string, AlertRecord>();
  readonly #openByKey = new Map<string, string>();
  /** Alerts resolved by hand whose condition the engine still holds, by rule and subject. */
  readonly #held = new Map<string, AlertRecord>();
  /** Open alert ids by sensor, for the map's colour. */
  readonly #bySensor = new Map<string, Set<string>>();

  constructor(deps: AlertServiceDeps) {
    this.#d = deps;
    for (const a of deps.store.open()) this.#remember(a);
    for (const a of deps.store.held()) this.#held.set(keyOf(a), a);
  }

  get policy(): EscalationPolicy {
    return { afterMinutes: this.#d.afterMinutes, levels: this.#d.notifications.levels };
  }

  // --- reads -------------------------------------------------------------------------------------

  openAlerts(): AlertRecord[] {
    return [...this.#open.values()];
  }

  get(id: string): AlertRecord | null {
    return this.#open.get(id) ?? this.#d.store.get(id);
  }

  view(a: AlertRecord): AlertView {
    return alertView(a, this.#d.notificationLog.counts(a.id));
  }

  openViews(): AlertView[] {
    return this.openAlerts().map((a) => this.view(a));
  }

  history(id: string): AlertEvent[] {
    return this.#d.store.history(id);
  }

  notificationsOf(id: string): AlertNotification[] {
    return this.#d.notificationLog.forAlert(id);
  }

  list(q: AlertListQuery): AlertView[] {
    return this.#d.store.list(q).map((a) => this.view(a));
  }

  /** The highest severity among the sensor's open alerts; null when it has none. */
  severityOf(sensorId: string): CapSeverity | null {
    const ids = this.#bySensor.get(sensorId);
    if (ids === undefined) return null;
    let best: CapSeverity | null = null;
    for (const id of ids) {
      const a = this.#open.get(id);
      if (a && (best === null || compareSeverity(a.severity, best) > 0)) best = a.severity;
    }
    return best;
  }

  // --- the engine ----------------------------------------------------------------------------------

  /** Applies the engine's transitions in order. Called on the hot path: synchronous, no I/O but SQLite. */
  applyTransitions(transitions: readonly AlertTransition[]): void {
    for (const t of transitions) {
      try {
        this.#applyTransition(t);
      } catch (error) {
        this.#d.log.error({ err: error, ruleId: t.ruleId, subject: t.subject, kind: t.kind }, 'alert transition could not be applied');
      }
    }
  }

  #applyTransition(t: AlertTransition): void {
    const key = alertKey(t.ruleId, t.subject.type, t.subject.id);
    const openId = this.#openByKey.get(key);
    const open = openId === undefined ? undefined : this.#open.get(openId);
    const decision = decideForTransition(t, open, this.#held.get(key));
    const at = this.#d.now();
    switch (decision.kind) {
      case 'ignore':
        return;
      case 'release': {
        const released: AlertRecord = { ...decision.alert, engineActive: false };
        this.#d.store.update(released);
        this.#held.delete(key);
        return;
      }
      case 'open': {
        const place = subjectPlace(t.subject, t.sensorIds, this.#d.places);
        // Opened from an update (after a hand resolution, or a crash): it starts now, not at the engine's raise.
        const step = raiseAlert(t.kind === 'raise' ? t : { ...t, raisedAt: t.observedAt }, randomUUID(), place, at);
        const release = decision.release;
        this.#commit(null, step, 'alert.raise', SYSTEM_ACTOR, null, () => {
          if (release !== null) this.#d.store.update({ ...release, engineActive: false });
        });
        if (release !== null) this.#held.delete(key);
        return;
      }
      case 'update': {
        const place = subjectPlace(t.subject, t.sensorIds, this.#d.places);
        const step = updateAlert(decision.alert, t, place, at);
        this.#commit(decision.alert, step, step.event.kind === 'reescalated' ? 'alert.reescalate' : 'alert.update', SYSTEM_ACTOR, null);
        return;
      }
      case 'clear': {
        this.#commit(decision.alert, resolveAutomatically(decision.alert, t.message, at, t.observedAt, t.value), 'alert.resolve', SYSTEM_ACTOR, null);
        return;
      }
    }
  }

  /**
   * After the engine is (re)built: closes open alerts of rules that are gone or whose condition the
   * engine no longer holds (its state was lost or dropped), and releases hand-resolved alerts likewise.
   */
  reconcile(engine: EngineView): number {
    let closed = 0;
    const at = this.#d.now();
    for (const a of this.openAlerts()) {
      // System alerts (`skopia:*`, e.g. the canary) belong to the component that raised them, not the rule set.
      if (isSystemRule(a.ruleId)) continue;
      let reason: string | null = null;
      if (!engine.hasRule(a.ruleId)) {
        reason = `The rule "${a.ruleName}" (${a.ruleId}) is no longer in the rule set in force, so its alert is closed.`;
      } else if (!engine.holds(a.ruleId, a.subjectType, a.subjectId)) {
        reason = 'The rule engine no longer holds this condition (its saved state was lost or did not fit the rule); the alert is closed and fires again if the condition still holds.';
      }
      if (reason === null) continue;
      this.#commit(a, resolveAutomatically(a, reason, at), 'alert.resolve', SYSTEM_ACTOR, null);
      closed++;
    }
    for (const [key, a] of this.#held) {
      if (engine.hasRule(a.ruleId) && engine.holds(a.ruleId, a.subjectType, a.subjectId)) continue;
      this.#d.store.update({ ...a, engineActive: false });
      this.#held.delete(key);
    }
    return closed;
  }

  // --- officers ------------------------------------------------------------------------------------

  acknowledge(id: string, actor: AlertActor, comment: string): AlertView {
    return this.#act(id, actor, 'alert.acknowledge', (a, at) => acknowledgeAlert(a, actor.name, comment, at));
  }

  resolve(id: string, actor: AlertActor, comment: string): AlertView {
    return this.#act(id, actor, 'alert.resolve', (a, at) => resolveAlert(a, actor.name, comment, at));
  }

  #act(id: string, actor: AlertActor, action: string, decide: (a: AlertRecord, at: number) => LifecycleResult): AlertView {
    const alert = this.get(id);
    if (alert === null) throw new HttpError(404, 'alert_not_found', `No alert "${id}".`);
    const result = decide(alert, this.#d.now());
    if (!result.ok) {
      throw new HttpError(409, result.conflict.code, result.conflict.message, { state: alert.state, allowedActions: result.conflict.allowed });
    }
    const saved = this.#commit(alert, result.step, action, actor.name, actor.sourceIp);
    return this.view(saved);
  }

  // --- escalation ----------------------------------------------------------------------------------

  /** Notifies the next level for every firing alert left unacknowledged too long. Called on a timer. */
  escalateDue(): number {
    const policy = this.policy;
    const now = this.#d.now();
    const due = dueEscalations(this.openAlerts(), policy, now);
    for (const { alert, level } of due) {
      const first = alert.lastNotifiedAt === null;
      const next: AlertRecord = { ...alert, escalationLevel: level, lastNotifiedAt: now };
      const message = first ? `Notified to level ${level}.` : `Not acknowledged: notified again at level ${level}.`;
      this.#d.store.transaction(() => {
        this.#d.store.update(next);
        this.#d.store.appendEvent(next, 'escalated', SYSTEM_ACTOR, message, now);
        this.#d.audit.record({ actor: SYSTEM_ACTOR, action: 'alert.escalate', subjectType: 'alert', subjectId: alert.id, before: auditSummary(alert), after: auditSummary(next), note: message });
      });
      this.#remember(next);
      const view = this.view(next);
      this.#d.notifications.notify(view, level, first ? 'raised' : 'escalated');
      this.#emit(next, 'escalated', alert);
    }
    return due.length;
  }

  /** A notification of the alert finished: its view (failure count) changed. */
  notificationChanged(alertId: string): void {
    const a = this.get(alertId);
    if (a !== null) this.#emit(a, 'notification', a);
  }

  // --- the one place changes land ------------------------------------------------------------------

  #commit(before: AlertRecord | null, step: LifecycleStep, action: string, actor: string, sourceIp: string | null, extra?: () => void): AlertRecord {
    const at = step.alert.updatedAt;
    const level = this.#levelFor(step.notify, step.alert);
    const alert: AlertRecord = level === null ? step.alert : { ...step.alert, escalationLevel: level, lastNotifiedAt: at };
    this.#d.store.transaction(() => {
      if (before === null) this.#d.store.insert(alert);
      else this.#d.store.update(alert);
      this.#d.store.appendEvent(alert, step.event.kind, step.event.by, step.event.message, at);
      this.#d.audit.record({
        actor,
        action,
        subjectType: 'alert',
        subjectId: alert.id,
        before: before === null ? undefined : auditSummary(before),
        after: auditSummary(alert),
        sourceIp,
        note: step.event.message,
      });
      extra?.();
    });
    this.#remember(alert, before);
    if (level !== null && step.notify !== null) this.#d.notifications.notify(this.view(alert), level, step.notify.reason);
    this.#emit(alert, step.event.kind, before);
    return alert;
  }

  #levelFor(intent: NotifyIntent, alert: AlertRecord): number | null {
    if (intent === null) return null;
    const policy = this.policy;
    return intent.level === 'first' ? firstLevel(policy) : currentLevel(policy, alert.escalationLevel);
  }

  #remember(alert: AlertRecord, before: AlertRecord | null = null): void {
    const key = keyOf(alert);
    for (const sensorId of before?.sensorIds ?? []) this.#bySensor.get(sensorId)?.delete(alert.id);
    if (alert.state === 'resolved') {
      this.#open.delete(alert.id);
      if (this.#openByKey.get(key) === alert.id) this.#openByKey.delete(key);
      for (const sensorId of alert.sensorIds) this.#bySensor.get(sensorId)?.delete(alert.id);
      // Resolved by hand while the engine holds the condition: remember it, so its updates are recognised.
      if (alert.engineActive) this.#held.set(key, alert);
      return;
    }
    this.#open.set(alert.id, alert);
    this.#openByKey.set(key, alert.id);
    for (const sensorId of alert.sensorIds) {
      let ids = this.#bySensor.get(sensorId);
      if (ids === undefined) {
        ids = new Set();
        this.#bySensor.set(sensorId, ids);
      }
      ids.add(alert.id);
    }
  }

  #emit(alert: AlertRecord, change: AlertChange, before: AlertRecord | null): void {
    const sensorIds = before === null ? alert.sensorIds : [...new Set([...before.sensorIds, ...alert.sensorIds])];
    this.#d.bus.emit('AlertChanged', { alert: this.view(alert), change, sensorIds });
  }
}

/** Rule ids from rule files cannot contain `:`; `skopia:` marks alerts the server raises itself. */
export function isSystemRule(ruleId: string): boolean {
  return ruleId.startsWith('skopia:');
}
