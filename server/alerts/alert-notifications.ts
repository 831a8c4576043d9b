/**
 * Sends alert notifications to the recipients of an escalation level, through the Notifier port, with
 * retries, and keeps the notification log. Never blocks the caller: deliveries run in the background
 * and report back through `onChange` (the alert's failure count is part of its view).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { AlertView } from '../contracts/alerts.ts';
import { channelOf, displayRecipient, type NotificationChannel, type Notifier } from '../notify/notifier.ts';
import { deliverWithRetry, type RetryPolicy } from '../notify/retry-backoff.ts';
import { alertNotice } from './alert-notice.ts';
import type { NotificationReason, NotificationStore } from './notification-store.ts';

export interface AlertNotificationsOptions {
  readonly store: NotificationStore;
  /** Recipients per escalation level (index = level): webhook URLs and e-mail addresses. */
  readonly recipients: readonly (readonly string[])[];
  readonly notifiers: readonly Notifier[];
  readonly retry: RetryPolicy;
  readonly now: () => number;
  readonly log: Pick<FastifyBaseLogger, 'warn' | 'info'>;
  /** The alert's notification log changed (a delivery failed or succeeded). */
  readonly onChange: (alertId: string) => void;
  /** Link to an alert for people, e.g. `https://skopia.example.gr/#alert=<id>`; null when unknown. */
  readonly linkFor?: (alertId: string) => string | null;
}

export class AlertNotifications {
  readonly #o: AlertNotificationsOptions;
  readonly #byChannel: ReadonlyMap<NotificationChannel, Notifier>;
  readonly #abort = new AbortController();
  readonly #inFlight = new Set<Promise<void>>();

  constructor(options: AlertNotificationsOptions) {
    this.#o = options;
    this.#byChannel = new Map(options.notifiers.map((n) => [n.channel, n]));
  }

  /** Levels that have at least one recipient a notifier can reach. */
  get levels(): number[] {
    const levels: number[] = [];
    this.#o.recipients.forEach((list, level) => {
      if (list.some((r) => this.#notifierFor(r) !== null)) levels.push(level);
    });
    return levels;
  }

  #notifierFor(recipient: string): Notifier | null {
    const channel = channelOf(recipient);
    return channel === null ? null : (this.#byChannel.get(channel) ?? null);
  }

  /** Starts one sending per recipient of `level`; returns how many were started. */
  notify(alert: AlertView, level: number, reason: NotificationReason): number {
    if (this.#abort.signal.aborted) return 0;
    const at = this.#o.now();
    const notice = alertNotice(alert, { level, reason, now: at, link: this.#o.linkFor?.(alert.id) ?? null });
    let started = 0;
    for (const recipient of this.#o.recipients[level] ?? []) {
      const notifier = this.#notifierFor(recipient);
      if (notifier === null) continue;
      const id = this.#o.store.create(alert.id, level, reason, notifier.channel, displayRecipient(recipient), at);
      started++;
      const delivery = deliverWithRetry((signal) => notifier.send(recipient, notice, signal), this.#o.retry, {
        signal: this.#abort.signal,
        onAttempt: (r) => {
          const status = r.ok ? 'sent' : r.final ? 'failed' : 'pending';
          this.#o.store.progress(id, status, r.attempt, r.error, this.#o.now());
          if (r.final) {
            if (!r.ok) this.#o.log.warn({ alertId: alert.id, level, recipient: displayRecipient(recipient), error: r.error }, 'alert notification failed');
            this.#o.onChange(alert.id);
          }
        },
      })
        .then(() => undefined)
        .catch((error: unknown) => this.#o.log.warn({ err: error, alertId: alert.id }, 'alert notification crashed'))
        .finally(() => this.#inFlight.delete(delivery));
      this.#inFlight.add(delivery);
    }
    return started;
  }

  /** Waits until every sending in flight has finished (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** Stops retrying: each sending in flight ends as failed with the reason in its log. */
  async close(): Promise<void> {
    this.#abort.abort();
    await this.settled();
  }
}
