/**
 * Publishes public alerts as CAP 1.2: on every AlertChanged, decides whether a message is due
 * (cap-alert.ts), builds it, and keeps it for ever in the CAP store, where /cap serves it. Synchronous:
 * building a message is string work, storing it one SQLite insert.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { AlertChange, AlertView } from '../contracts/alerts.ts';
import { formatCapTime } from './cap-time.ts';
import { buildCapMessage } from './cap-message.ts';
import { capMessageFor, capMsgTypeFor, type CapContext } from './cap-alert.ts';
import type { CapStore, StoredCapMessage } from './cap-store.ts';

export interface CapPublisherOptions {
  readonly store: CapStore;
  readonly context: CapContext;
  readonly now: () => number;
  readonly log: Pick<FastifyBaseLogger, 'error'>;
}

export class CapPublisher {
  readonly #o: CapPublisherOptions;

  constructor(options: CapPublisherOptions) {
    this.#o = options;
  }

  /** Returns the message published for this change, if one was due. */
  onAlertChanged(alert: AlertView, change: AlertChange): StoredCapMessage | null {
    if (!alert.public) return null;
    try {
      const previous = this.#o.store.forAlert(alert.id);
      const msgType = capMsgTypeFor(change, alert, previous);
      if (msgType === null) return null;
      const sentAt = this.#o.now();
      const input = capMessageFor(alert, msgType, previous, sentAt, this.#o.context);
      const stored: StoredCapMessage = {
        identifier: input.identifier,
        alertId: alert.id,
        seq: previous.length + 1,
        msgType,
        sender: input.sender,
        sent: formatCapTime(sentAt),
        sentAt,
        headline: input.info.headline,
        description: input.info.description,
        xml: buildCapMessage(input),
      };
      this.#o.store.insert(stored);
      return stored;
    } catch (error) {
      this.#o.log.error({ err: error, alertId: alert.id }, 'CAP message could not be published');
      return null;
    }
  }
}
