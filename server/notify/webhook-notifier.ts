/**
 * Webhook adapter: the notice's payload as a JSON POST. Any 2xx is delivered; 5xx, 429, timeouts and
 * connection errors are worth a retry; other 4xx mean the hook is wrong and retrying cannot help.
 */
import { displayRecipient, NotifyError, type Notice, type Notifier } from './notifier.ts';

export interface WebhookOptions {
  /** Per attempt. */
  readonly timeoutMs: number;
  readonly userAgent?: string;
}

export class WebhookNotifier implements Notifier {
  readonly channel = 'webhook';
  readonly #o: WebhookOptions;

  constructor(options: WebhookOptions) {
    this.#o = options;
  }

  async send(url: string, notice: Notice, signal: AbortSignal): Promise<void> {
    const shown = displayRecipient(url);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': this.#o.userAgent ?? 'skopia-alerts' },
        body: JSON.stringify(notice.payload),
        // A redirect could carry the payload somewhere nobody configured.
        redirect: 'error',
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.#o.timeoutMs)]),
      });
    } catch (error) {
      const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
      const timedOut = (error as Error).name === 'TimeoutError';
      const why = timedOut ? `no answer within ${this.#o.timeoutMs} ms` : (cause?.code ?? cause?.message ?? (error as Error).message);
      throw new NotifyError('webhook_unreachable', `The webhook ${shown} could not be reached (${why}).`, true, { cause: error });
    }
    // The body is not needed, but reading it frees the connection for the next notification.
    const body = (await response.text().catch(() => '')).slice(0, 200).replace(/\s+/g, ' ').trim();
    if (response.ok) return;
    const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
    const hint = retryable ? '' : '; check the URL in the ALERT_NOTIFY_LEVEL_* setting';
    throw new NotifyError('webhook_rejected', `The webhook ${shown} answered ${response.status}${body ? `: ${body}` : ''}${hint}.`, retryable);
  }
}
