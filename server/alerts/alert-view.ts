/** An alert as the API, dashboards and notifications see it. Pure. */
import type { AlertView } from '../contracts/alerts.ts';
import { allowedActions } from './alert-lifecycle.ts';
import type { AlertRecord } from './alert-record.ts';
import type { NotificationCounts } from './notification-store.ts';

export function alertView(a: AlertRecord, notifications: NotificationCounts): AlertView {
  return {
    id: a.id,
    ruleId: a.ruleId,
    ruleName: a.ruleName,
    hazard: a.hazard,
    public: a.public,
    subject: { type: a.subjectType, id: a.subjectId, name: a.subjectName },
    state: a.state,
    severity: a.severity,
    urgency: a.urgency,
    certainty: a.certainty,
    value: a.value,
    peak: a.peak,
    unit: a.unit,
    message: a.message,
    machineTypes: [...a.machineTypes],
    sensorIds: [...a.sensorIds],
    position: { lat: a.lat, lon: a.lon },
    villageId: a.villageId,
    raisedAt: a.raisedAt,
    updatedAt: a.updatedAt,
    observedAt: a.observedAt,
    acknowledged: a.acknowledged,
    resolved: a.resolved,
    escalationLevel: a.escalationLevel,
    lastNotifiedAt: a.lastNotifiedAt,
    notifications: { sent: notifications.sent, failed: notifications.failed, pending: notifications.pending },
    allowedActions: allowedActions(a.state),
  };
}

/** The part of an alert worth an audit entry's before/after. */
export function auditSummary(a: AlertRecord): Record<string, unknown> {
  return {
    state: a.state,
    severity: a.severity,
    certainty: a.certainty,
    value: a.value,
    peak: a.peak,
    escalationLevel: a.escalationLevel,
    acknowledged: a.acknowledged,
    resolved: a.resolved,
  };
}
