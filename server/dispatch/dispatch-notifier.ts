import type { Village } from '../contracts/registry.ts';
import type { Contractor } from '../contracts/machinery.ts';
import type { DispatchNotification, DispatchView } from '../contracts/dispatch.ts';
import type { SmsSender } from '../notify/sms-sender.ts';
import type { EmailSender } from '../notify/email-sender.ts';
import { dispatchEmail, dispatchSms, type DispatchMessageInput, type MessageLanguage } from './dispatch-message.ts';

export interface DispatchNotifierOptions {
  readonly sms: SmsSender;
  readonly email: EmailSender;
  readonly villages: readonly Village[];
  readonly language: MessageLanguage;
  readonly timeZone: string;
  readonly operationsPhone: string | null;
  readonly now: () => number;
}

/**
 * Tells the contractor about a dispatch: an SMS with the link to their phone, and an e-mail with the
 * details when they have an address. Never throws: each attempt's outcome is returned, to be shown
 * on the dispatch so the operations room knows whether to phone instead.
 */
export class DispatchNotifier {
  readonly #o: DispatchNotifierOptions;
  readonly #villages: ReadonlyMap<string, Village>;

  constructor(options: DispatchNotifierOptions) {
    this.#o = options;
    this.#villages = new Map(options.villages.map((v) => [v.id, v]));
  }

  async send(dispatch: DispatchView, contractor: Contractor, link: string, expiresAt: number): Promise<DispatchNotification[]> {
    const t = dispatch.target;
    const village = t.villageId === null ? undefined : this.#villages.get(t.villageId);
    const message: DispatchMessageInput = {
      language: this.#o.language,
      hazard: t.hazard,
      machineType: dispatch.machineType,
      plateOrSerial: dispatch.plateOrSerial,
      place: village ? (this.#o.language === 'en' ? village.name : village.nameLocal) : `${t.lat.toFixed(4)}, ${t.lon.toFixed(4)}`,
      lat: t.lat,
      lon: t.lon,
      note: dispatch.note,
      link,
      expiresAt,
      timeZone: this.#o.timeZone,
      operationsPhone: this.#o.operationsPhone,
    };
    const attempts: Promise<DispatchNotification>[] = [
      this.#attempt('sms', this.#o.sms.via, contractor.phone, () => this.#o.sms.send({ to: contractor.phone, text: dispatchSms(message) })),
    ];
    if (contractor.email !== null) {
      const email = dispatchEmail(message);
      const to = contractor.email;
      attempts.push(this.#attempt('email', this.#o.email.via, to, () => this.#o.email.send({ to: [to], ...email })));
    }
    return Promise.all(attempts);
  }

  async #attempt(channel: DispatchNotification['channel'], via: string, to: string, send: () => Promise<void>): Promise<DispatchNotification> {
    try {
      await send();
      return { channel, via, to, ok: true, error: null, at: this.#o.now() };
    } catch (error) {
      return { channel, via, to, ok: false, error: (error as Error).message, at: this.#o.now() };
    }
  }
}
