/**
 * The notification port for alerts: one attempt to tell one recipient. Adapters: webhook (JSON POST)
 * and e-mail (SMTP). Retries, backoff and the notification log are the caller's, so every adapter
 * gets them alike.
 */
import { SkopiaError } from '../errors.ts';

export type NotificationChannel = 'webhook' | 'email';

/** What is said, in the forms the channels need: a subject and text for people, a payload for machines. */
export interface Notice {
  readonly subject: string;
  readonly text: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface Notifier {
  readonly channel: NotificationChannel;
  /** One attempt. Throws a NotifyError; `retryable` says whether trying again can help. */
  send(recipient: string, notice: Notice, signal: AbortSignal): Promise<void>;
}

export class NotifyError extends SkopiaError {
  readonly retryable: boolean;
  constructor(code: string, message: string, retryable: boolean, options?: ErrorOptions) {
    super(code, message, options);
    this.name = 'NotifyError';
    this.retryable = retryable;
  }
}

/** A recipient in configuration: an http(s) URL is a webhook, an address (or mailto:) is e-mail. */
export function channelOf(recipient: string): NotificationChannel | null {
  if (/^https?:\/\//i.test(recipient)) return URL.canParse(recipient) ? 'webhook' : null;
  const address = recipient.replace(/^mailto:/i, '');
  return /^[^\s@<>,]+@[^\s@<>,]+\.[^\s@<>,]+$/.test(address) ? 'email' : null;
}

/**
 * How a recipient is shown in the notification log and the API: webhook URLs often carry a secret in
 * their path or query (chat hooks do), so only the scheme, host and first path segment are shown.
 */
export function displayRecipient(recipient: string): string {
  if (channelOf(recipient) !== 'webhook') return recipient.replace(/^mailto:/i, '');
  const url = new URL(recipient);
  const first = url.pathname.split('/').filter(Boolean)[0];
  const more = url.pathname.split('/').filter(Boolean).length > 1 || url.search !== '';
  return `${url.protocol}//${url.host}${first ? `/${first}` : ''}${more ? '/…' : ''}`;
}
