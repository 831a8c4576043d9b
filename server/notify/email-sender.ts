import type { FastifyBaseLogger } from 'fastify';
import type { ConnectionOptions } from 'node:tls';
import { sendMail } from './smtp-client.ts';

/** The e-mail port: a plain-text message to one or more addresses. */
export interface OutgoingEmail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
}

export interface EmailSender {
  /** Shown beside each notification: `log`, `smtp`. */
  readonly via: string;
  send(email: OutgoingEmail): Promise<void>;
}

export class SmtpEmailSender implements EmailSender {
  readonly via = 'smtp';
  readonly #url: string;
  readonly #from: string;
  readonly #tls: ConnectionOptions | undefined;

  constructor(options: { url: string; from: string; tls?: ConnectionOptions }) {
    this.#url = options.url;
    this.#from = options.from;
    this.#tls = options.tls;
  }

  async send(email: OutgoingEmail): Promise<void> {
    await sendMail({ url: this.#url, ...(this.#tls ? { tls: this.#tls } : {}) }, { from: this.#from, ...email });
  }
}

/** Without SMTP_URL, e-mail is written to the server log (the demo) and kept in `sent` (tests). */
export class LoggingEmailSender implements EmailSender {
  readonly via = 'log';
  readonly sent: OutgoingEmail[] = [];
  readonly #log: Pick<FastifyBaseLogger, 'info'>;

  constructor(log: Pick<FastifyBaseLogger, 'info'>) {
    this.#log = log;
  }

  async send(email: OutgoingEmail): Promise<void> {
    this.sent.push(email);
    if (this.sent.length > 100) this.sent.shift();
    this.#log.info({ email: { to: email.to, subject: email.subject } }, `e-mail to ${email.to.join(', ')} (not sent: SMTP_URL is not set): ${email.subject}`);
  }
}
