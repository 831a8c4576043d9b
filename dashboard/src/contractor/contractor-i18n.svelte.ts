import { el, en, pl, type MessageKey, type Messages } from './contractor-messages.ts';

export const CONTRACTOR_LOCALES = ['el', 'pl', 'en'] as const;
export type ContractorLocale = (typeof CONTRACTOR_LOCALES)[number];

const CATALOGUES: Readonly<Record<ContractorLocale, Messages>> = { en, el, pl };
const STORAGE_KEY = 'skopia.contractor.locale';

export function isContractorLocale(value: string | null | undefined): value is ContractorLocale {
  return value !== null && value !== undefined && (CONTRACTOR_LOCALES as readonly string[]).includes(value);
}

/**
 * The page's language: the contractor's own choice (remembered), else the phone's, else the region's
 * (from the job), else English.
 */
export class ContractorI18n {
  #locale = $state<ContractorLocale>('en');
  #chosen = false;

  get locale(): ContractorLocale {
    return this.#locale;
  }

  init(): void {
    const remembered = readStorage();
    const phone = navigator.language.slice(0, 2);
    if (isContractorLocale(remembered)) {
      this.#chosen = true;
      this.#apply(remembered);
    } else if (isContractorLocale(phone)) {
      this.#chosen = true;
      this.#apply(phone);
    }
  }

  /** The region's language, used only when neither the contractor nor the phone chose one. */
  suggest(language: string): void {
    if (!this.#chosen && isContractorLocale(language)) this.#apply(language);
  }

  choose(locale: ContractorLocale): void {
    this.#chosen = true;
    this.#apply(locale);
    writeStorage(locale);
  }

  #apply(locale: ContractorLocale): void {
    this.#locale = locale;
    document.documentElement.lang = locale;
  }

  t(key: MessageKey, params?: Readonly<Record<string, string>>): string {
    const template = CATALOGUES[this.#locale][key];
    return params === undefined ? template : template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
  }

  /** "14:05" today, "23 Nov, 14:05" on another day. */
  time(ts: number, now: number = Date.now()): string {
    const day = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' });
    const sameDay = day.format(ts) === day.format(now);
    // 24-hour clock in every language: what Greek and Polish drivers read, and no "p.m." to misread.
    const clock: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    const options: Intl.DateTimeFormatOptions = sameDay ? clock : { day: 'numeric', month: 'short', ...clock };
    return new Intl.DateTimeFormat(this.#locale, options).format(ts);
  }
}

function readStorage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function writeStorage(locale: ContractorLocale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // not remembered (private mode); the choice holds for this visit
  }
}
