/**
 * E-mail adapter for alert notifications, over the shared e-mail port (server/notify/email-sender.ts:
 * SMTP, or the server log when SMTP_URL is not set). A mis-configuration (bad URL, no TLS for a
 * password) will not go away by retrying; anything else might.
 */
import { SkopiaError } from '../errors.ts';
import type { EmailSender } from './email-sender.ts';
import { NotifyError, type Notice, type Notifier } from './notifier.ts';

const PERMANENT = new Set(['smtp_url', 'smtp_insecure']);

export class EmailNotifier implements Notifier {
  readonly channel = 'email';
  readonly #sender: EmailSender;

  constructor(sender: EmailSender) {
    this.#sender = sender;
  }

  async send(recipient: string, notice: Notice, signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw new NotifyError('email_cancelled', 'Not sent: the server is shutting down.', false);
    const to = recipient.replace(/^mailto:/i, '');
    try {
      await this.#sender.send({ to: [to], subject: notice.subject, text: notice.text });
    } catch (error) {
      const code = error instanceof SkopiaError ? error.code : 'email_failed';
      throw new NotifyError(code, (error as Error).message, !PERMANENT.has(code), { cause: error });
    }
  }
}
