/** The notification log per alert (migration 022): who was told, how, and whether it arrived. */
import type { AlertNotification } from '../contracts/alerts.ts';
import type { StateDb } from '../store/state-store.ts';
import type { NotificationChannel } from '../notify/notifier.ts';
import { levelName } from './escalation.ts';

export type NotificationReason = AlertNotification['reason'];

interface Row {
  id: number;
  alert_id: string;
  level: number;
  reason: string;
  channel: string;
  recipient: string;
  status: string;
  attempts: number;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface NotificationCounts {
  readonly sent: number;
  readonly failed: number;
  readonly pending: number;
}

export const NO_NOTIFICATIONS: NotificationCounts = Object.freeze({ sent: 0, failed: 0, pending: 0 });

function fromRow(r: Row): AlertNotification {
  return {
    id: r.id,
    level: r.level,
    levelName: levelName(r.level),
    reason: r.reason as NotificationReason,
    channel: r.channel as NotificationChannel,
    recipient: r.recipient,
    status: r.status as AlertNotification['status'],
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export class NotificationStore {
  readonly #db: StateDb;
  readonly #insert;
  readonly #progress;
  readonly #forAlert;
  readonly #counts;

  constructor(db: StateDb) {
    this.#db = db;
    this.#insert = db.prepare<[string, number, string, string, string, number, number]>(
      `INSERT INTO alert_notifications (alert_id, level, reason, channel, recipient, status, attempts, last_error, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'pending', 0, NULL, ?, ?)`,
    );
    this.#progress = db.prepare<[string, number, string | null, number, number]>(
      'UPDATE alert_notifications SET status = ?, attempts = ?, last_error = ?, updated_at = ? WHERE id = ?',
    );
    this.#forAlert = db.prepare<[string], Row>('SELECT * FROM alert_notifications WHERE alert_id = ? ORDER BY id');
    this.#counts = db.prepare<[string], { status: string; n: number }>('SELECT status, COUNT(*) AS n FROM alert_notifications WHERE alert_id = ? GROUP BY status');
  }

  create(alertId: string, level: number, reason: NotificationReason, channel: NotificationChannel, recipient: string, at: number): number {
    return Number(this.#insert.run(alertId, level, reason, channel, recipient, at, at).lastInsertRowid);
  }

  progress(id: number, status: AlertNotification['status'], attempts: number, lastError: string | null, at: number): void {
    this.#progress.run(status, attempts, lastError, at, id);
  }

  forAlert(alertId: string): AlertNotification[] {
    return this.#forAlert.all(alertId).map(fromRow);
  }

  counts(alertId: string): NotificationCounts {
    const c = { sent: 0, failed: 0, pending: 0 };
    for (const r of this.#counts.all(alertId)) if (r.status === 'sent' || r.status === 'failed' || r.status === 'pending') c[r.status] = r.n;
    return c;
  }

  /** Sendings a previous run left unfinished: they are not retried (the news may be stale), but shown as failed. */
  failInterrupted(at: number): number {
    return this.#db
      .prepare("UPDATE alert_notifications SET status = 'failed', last_error = COALESCE(last_error || '; ', '') || 'interrupted by a server restart', updated_at = ? WHERE status = 'pending'")
      .run(at).changes;
  }
}
