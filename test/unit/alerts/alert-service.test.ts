import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStateStore, type StateDb } from '../../../server/store/state-store.ts';
import { AuditLog } from '../../../server/store/audit-log.ts';
import { EventBus, type SkopiaEvents } from '../../../server/events.ts';
import { AlertService, type EngineView } from '../../../server/alerts/alert-service.ts';
import { AlertStore } from '../../../server/alerts/alert-store.ts';
import { NotificationStore } from '../../../server/alerts/notification-store.ts';
import { AlertNotifications } from '../../../server/alerts/alert-notifications.ts';
import type { Notice, Notifier } from '../../../server/notify/notifier.ts';
import { MIN, T0, places, transition } from './fixtures.ts';

/** A notifier that records what it was asked to send, and can be told to fail. */
class RecordingNotifier implements Notifier {
  readonly channel = 'webhook';
  readonly sent: { recipient: string; notice: Notice }[] = [];
  fail = false;
  async send(recipient: string, notice: Notice): Promise<void> {
    if (this.fail) throw new Error('hook down');
    this.sent.push({ recipient, notice });
  }
}

const operator = { name: 'maria', sourceIp: '10.0.0.7' };
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('alert service', () => {
  let db: StateDb;
  let now: number;
  let events: SkopiaEvents['AlertChanged'][];
  let notifier: RecordingNotifier;
  let notifications: AlertNotifications;
  let service: AlertService;
  let audit: AuditLog;
  const held = new Set<string>();
  const engine: EngineView = { hasRule: (id) => id !== 'removed-rule', holds: (ruleId, _t, subjectId) => held.has(`${ruleId}/${subjectId}`) };

  function build(): AlertService {
    const bus = new EventBus((e) => {
      throw e;
    });
    bus.on('AlertChanged', (e) => events.push(e));
    const notificationLog = new NotificationStore(db);
    notifications = new AlertNotifications({
      store: notificationLog,
      recipients: [['https://hooks.example.org/duty/secret'], ['https://hooks.example.org/head'], []],
      notifiers: [notifier],
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, jitter: 0 },
      now: () => now,
      log: quiet,
      onChange: (id) => service.notificationChanged(id),
    });
    return new AlertService({
      store: new AlertStore(db),
      notificationLog,
      audit,
      bus,
      places,
      notifications,
      afterMinutes: { Extreme: 5, Severe: 10, Moderate: 30, Minor: 60 },
      log: quiet,
      now: () => now,
    });
  }

  beforeEach(() => {
    db = openStateStore(':memory:');
    audit = new AuditLog(db, () => now);
    now = T0;
    events = [];
    held.clear();
    notifier = new RecordingNotifier();
    service = build();
  });
  afterEach(async () => {
    await notifications.close();
    db.close();
  });

  it('raises an alert: persisted with its history and audit entry, notified to level 0, announced', async () => {
    service.applyTransitions([transition()]);
    const [open] = service.openAlerts();
    expect(open).toMatchObject({ state: 'firing', severity: 'Moderate', escalationLevel: 0, lastNotifiedAt: T0, subjectName: 'Polygyros station' });
    expect(service.history(open?.id ?? '').map((e) => e.kind)).toEqual(['raised']);
    expect(audit.query({ subjectType: 'alert' }).map((e) => e.action)).toEqual(['alert.raise']);
    expect(events.map((e) => [e.change, e.sensorIds])).toEqual([['raised', ['ws-1']]]);
    await notifications.settled();
    expect(notifier.sent.map((s) => s.recipient)).toEqual(['https://hooks.example.org/duty/secret']);
    expect(service.notificationsOf(open?.id ?? '')).toMatchObject([{ status: 'sent', recipient: 'https://hooks.example.org/duty/…', level: 0, attempts: 1 }]);
    expect(service.severityOf('ws-1')).toBe('Moderate');
  });

  it('keeps one open alert per rule and subject, updating its peak and severity', () => {
    service.applyTransitions([transition(), transition({ kind: 'update', value: 95, peak: 95, severity: 'Severe' })]);
    expect(service.openAlerts()).toHaveLength(1);
    expect(service.openAlerts()[0]).toMatchObject({ peak: 95, severity: 'Severe' });
    expect(service.severityOf('ws-1')).toBe('Severe');
  });

  it('acknowledge, re-escalation, automatic resolution: every step in history and audit', () => {
    service.applyTransitions([transition()]);
    const id = service.openAlerts()[0]?.id ?? '';
    now = T0 + MIN;
    expect(service.acknowledge(id, operator, 'Crew informed')).toMatchObject({ state: 'acknowledged', acknowledged: { by: 'maria', comment: 'Crew informed' }, allowedActions: ['resolve'] });
    now = T0 + 2 * MIN;
    service.applyTransitions([transition({ kind: 'update', severity: 'Severe', value: 110, peak: 110 })]);
    expect(service.get(id)).toMatchObject({ state: 'firing', acknowledged: null, severity: 'Severe' });
    now = T0 + 3 * MIN;
    service.applyTransitions([transition({ kind: 'clear', value: 40, message: 'Wind gust is back to 40 km/h.' })]);
    expect(service.get(id)).toMatchObject({ state: 'resolved', resolved: { by: 'system', automatic: true, comment: 'Wind gust is back to 40 km/h.' } });
    expect(service.history(id).map((e) => e.kind)).toEqual(['raised', 'acknowledged', 'reescalated', 'resolved']);
    expect(audit.query({ subjectId: id }).map((e) => [e.action, e.actor]).reverse()).toEqual([
      ['alert.raise', 'system'],
      ['alert.acknowledge', 'maria'],
      ['alert.reescalate', 'system'],
      ['alert.resolve', 'system'],
    ]);
    expect(audit.query({ subjectId: id, actor: 'maria' })[0]?.sourceIp).toBe('10.0.0.7');
    expect(service.severityOf('ws-1')).toBeNull();
  });

  it('answers an invalid step with 409 and the allowed actions', () => {
    service.applyTransitions([transition()]);
    const id = service.openAlerts()[0]?.id ?? '';
    service.acknowledge(id, operator, 'seen');
    expect(() => service.acknowledge(id, operator, 'again')).toThrowError(expect.objectContaining({ statusCode: 409, code: 'alert_already_acknowledged', details: { state: 'acknowledged', allowedActions: ['resolve'] } }) as Error);
    expect(() => service.acknowledge('nope', operator, 'x')).toThrowError(expect.objectContaining({ statusCode: 404 }) as Error);
  });

  it('a hand-resolved alert stays closed while the engine holds it, and reopens only when it gets worse', () => {
    service.applyTransitions([transition()]);
    const first = service.openAlerts()[0]?.id ?? '';
    service.resolve(first, operator, 'Checked: sensor knocked by a truck');
    service.applyTransitions([transition({ kind: 'update', value: 85, peak: 85 })]);
    expect(service.openAlerts()).toHaveLength(0);
    service.applyTransitions([transition({ kind: 'update', severity: 'Severe', value: 120, peak: 120 })]);
    const second = service.openAlerts()[0];
    expect(second?.id).not.toBe(first);
    expect(second?.severity).toBe('Severe');
    expect(service.get(first)?.engineActive).toBe(false);
  });

  it('the engine clear releases a hand-resolved alert, so the next raise is a new alert', () => {
    service.applyTransitions([transition()]);
    const first = service.openAlerts()[0]?.id ?? '';
    service.resolve(first, operator, 'handled');
    service.applyTransitions([transition({ kind: 'clear' })]);
    expect(service.get(first)?.engineActive).toBe(false);
    service.applyTransitions([transition()]);
    expect(service.openAlerts()[0]?.id).not.toBe(first);
  });

  it('reconcile closes alerts of removed rules and those the engine no longer holds', () => {
    service.applyTransitions([transition({ ruleId: 'removed-rule' }), transition({ ruleId: 'kept', subject: { type: 'sensor', id: 'ws-1' } }), transition({ ruleId: 'lost' })]);
    held.add('kept/ws-1');
    expect(service.reconcile(engine)).toBe(2);
    expect(service.openAlerts().map((a) => a.ruleId)).toEqual(['kept']);
    const closed = service.list({ states: ['resolved'], limit: 10 });
    expect(closed.map((a) => a.resolved?.comment).sort()).toEqual([
      expect.stringContaining('no longer in the rule set in force'),
      expect.stringContaining('no longer holds this condition'),
    ]);
  });

  it('survives a restart: open and hand-resolved alerts are read back from the store', () => {
    service.applyTransitions([transition(), transition({ ruleId: 'other' })]);
    service.resolve(service.openAlerts().find((a) => a.ruleId === 'other')?.id ?? '', operator, 'done');
    const again = build();
    expect(again.openAlerts().map((a) => a.ruleId)).toEqual(['strong-wind']);
    again.applyTransitions([transition({ ruleId: 'other', kind: 'update' })]);
    expect(again.openAlerts()).toHaveLength(1);
  });

  it('escalates an unacknowledged alert one level up after its minutes, and not an acknowledged one', async () => {
    service.applyTransitions([transition({ severity: 'Severe' }), transition({ ruleId: 'acked', severity: 'Severe' })]);
    service.acknowledge(service.openAlerts().find((a) => a.ruleId === 'acked')?.id ?? '', operator, 'on it');
    now = T0 + 9 * MIN;
    expect(service.escalateDue()).toBe(0);
    now = T0 + 10 * MIN;
    expect(service.escalateDue()).toBe(1);
    await notifications.settled();
    expect(notifier.sent.map((s) => [s.recipient, s.notice.payload.reason])).toEqual([
      ['https://hooks.example.org/duty/secret', 'raised'],
      ['https://hooks.example.org/duty/secret', 'raised'],
      ['https://hooks.example.org/head', 'escalated'],
    ]);
    const escalated = service.openAlerts().find((a) => a.ruleId === 'strong-wind');
    expect(escalated).toMatchObject({ escalationLevel: 1, lastNotifiedAt: T0 + 10 * MIN });
    expect(service.history(escalated?.id ?? '').map((e) => e.kind)).toEqual(['raised', 'escalated']);
    // At the top (level 2 has nobody): reminders at level 1 every 10 min.
    now = T0 + 20 * MIN;
    expect(service.escalateDue()).toBe(1);
  });

  it('a failed notification shows on the alert and is announced', async () => {
    notifier.fail = true;
    service.applyTransitions([transition()]);
    await notifications.settled();
    const view = service.openViews()[0];
    expect(view?.notifications).toEqual({ sent: 0, failed: 1, pending: 0 });
    expect(service.notificationsOf(view?.id ?? '')[0]).toMatchObject({ status: 'failed', lastError: 'hook down' });
    expect(events.map((e) => e.change)).toEqual(['raised', 'notification']);
  });
});
