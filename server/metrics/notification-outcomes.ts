/**
 * How notifications ended, counted from the logs the alert service and dispatch keep in the state store
 * (alert_notifications, dispatch_notifications). Read-only and aggregated in SQLite: a scrape costs one
 * small GROUP BY per table, and the counts survive restarts as the logs do.
 */
import type { StateDb } from '../store/state-store.ts';

export interface NotificationOutcome {
  /** alert: officers told of an alert; dispatch: a contractor told of a dispatch. */
  readonly kind: 'alert' | 'dispatch';
  readonly channel: string;
  readonly status: 'sent' | 'failed' | 'pending';
  readonly count: number;
}

export class NotificationOutcomes {
  readonly #alerts;
  readonly #dispatches;

  constructor(db: StateDb) {
    this.#alerts = db.prepare<[], { channel: string; status: string; n: number }>('SELECT channel, status, COUNT(*) AS n FROM alert_notifications GROUP BY channel, status');
    this.#dispatches = db.prepare<[], { channel: string; ok: number; n: number }>('SELECT channel, ok, COUNT(*) AS n FROM dispatch_notifications GROUP BY channel, ok');
  }

  all(): NotificationOutcome[] {
    const out: NotificationOutcome[] = [];
    for (const r of this.#alerts.all()) {
      if (r.status === 'sent' || r.status === 'failed' || r.status === 'pending') out.push({ kind: 'alert', channel: r.channel, status: r.status, count: r.n });
    }
    for (const r of this.#dispatches.all()) out.push({ kind: 'dispatch', channel: r.channel, status: r.ok === 1 ? 'sent' : 'failed', count: r.n });
    return out;
  }
}
