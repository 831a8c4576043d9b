import { SkopiaError } from '../errors.ts';
import type { SmsMessage, SmsSender } from './sms-sender.ts';

export interface HttpSmsOptions {
  /** The gateway's send endpoint. */
  readonly url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token?: string | undefined;
  /** Alphanumeric sender id or number, when the gateway takes one. */
  readonly sender?: string | undefined;
  readonly timeoutMs?: number;
}

/**
 * A generic HTTP SMS gateway: POST `{ "to", "text", "from"? }` as JSON with a bearer token; any 2xx
 * is success. Most commercial gateways, or a small relay in front of them, take this shape.
 */
export class HttpSmsSender implements SmsSender {
  readonly via = 'http';
  readonly #o: HttpSmsOptions;

  constructor(options: HttpSmsOptions) {
    this.#o = options;
  }

  async send(message: SmsMessage): Promise<void> {
    const host = new URL(this.#o.url).host;
    let response: Response;
    try {
      response = await fetch(this.#o.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(this.#o.token ? { authorization: `Bearer ${this.#o.token}` } : {}),
        },
        body: JSON.stringify({ to: message.to, text: message.text, ...(this.#o.sender ? { from: this.#o.sender } : {}) }),
        signal: AbortSignal.timeout(this.#o.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new SkopiaError('sms_unreachable', `The SMS gateway at ${host} did not answer (${(error as Error).message}); check SMS_GATEWAY_URL.`, { cause: error });
    }
    if (!response.ok) {
      const body = (await response.text().catch(() => '')).slice(0, 200);
      const hint = response.status === 401 || response.status === 403 ? '; check SMS_GATEWAY_TOKEN' : '';
      throw new SkopiaError('sms_rejected', `The SMS gateway at ${host} answered ${response.status}${body ? `: ${body}` : ''}${hint}.`);
    }
  }
}
