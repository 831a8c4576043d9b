import type { FastifyBaseLogger } from 'fastify';

/** The SMS-gateway port: one text to one E.164 number. A failure throws with a sentence an officer can act on. */
export interface SmsMessage {
  readonly to: string;
  readonly text: string;
}

export interface SmsSender {
  /** Shown beside each notification: `log`, `http`. */
  readonly via: string;
  send(message: SmsMessage): Promise<void>;
}

/**
 * Writes each SMS to the server log instead of sending it: the demo's adapter (the link is in the log
 * to open by hand) and the tests' (the newest messages are kept in `sent`).
 */
export class LoggingSmsSender implements SmsSender {
  readonly via = 'log';
  readonly sent: (SmsMessage & { readonly at: number })[] = [];
  readonly #log: Pick<FastifyBaseLogger, 'info'>;
  readonly #keep: number;

  constructor(log: Pick<FastifyBaseLogger, 'info'>, keep = 100) {
    this.#log = log;
    this.#keep = keep;
  }

  async send(message: SmsMessage): Promise<void> {
    this.sent.push({ ...message, at: Date.now() });
    if (this.sent.length > this.#keep) this.sent.shift();
    this.#log.info({ sms: message }, `SMS to ${message.to} (not sent: SMS_GATEWAY=log): ${message.text}`);
  }
}
