import { KNOWN_METRICS, metricInfo } from '../../../../server/contracts/metrics.ts';
import { en, type MessageKey, type Messages } from './locales/en.ts';

/** Add 'el' and 'pl' here with their catalogues; the type system then demands every key. */
export const LOCALES = ['en'] as const;
export type Locale = (typeof LOCALES)[number];

const CATALOGUES: Readonly<Record<Locale, Messages>> = { en };
/** Metric labels by locale; English comes from the contract itself so it is never out of step. */
const METRIC_LABELS: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  en: Object.fromEntries(Object.entries(KNOWN_METRICS).map(([name, info]) => [name, info.label])),
};

const STORAGE_KEY = 'skopia.locale';

export type MessageParams = Readonly<Record<string, string | number>>;

function isLocale(value: string | null): value is Locale {
  return value !== null && (LOCALES as readonly string[]).includes(value);
}

/**
 * The chosen language and everything formatted in it: messages, numbers, ages. Components read
 * `i18n.t(...)` inside their templates, so a language switch re-renders them.
 */
export class I18nManager {
  #locale = $state<Locale>('en');
  #numberFormat = $derived(new Intl.NumberFormat(this.#locale, { maximumFractionDigits: 1 }));
  #relativeFormat = $derived(new Intl.RelativeTimeFormat(this.#locale, { numeric: 'always', style: 'short' }));

  get locale(): Locale {
    return this.#locale;
  }

  /** Picks the remembered language, else the browser's, else English. */
  init(): void {
    const remembered = readStorage();
    const browser = navigator.language.slice(0, 2);
    this.setLocale(isLocale(remembered) ? remembered : isLocale(browser) ? browser : 'en');
  }

  setLocale(locale: Locale): void {
    this.#locale = locale;
    document.documentElement.lang = locale;
    writeStorage(locale);
  }

  t(key: MessageKey, params?: MessageParams): string {
    const template = CATALOGUES[this.#locale][key];
    if (params === undefined) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      return value === undefined ? whole : typeof value === 'number' ? this.formatNumber(value) : value;
    });
  }

  formatNumber(value: number): string {
    return this.#numberFormat.format(value);
  }

  metricLabel(name: string): string {
    return METRIC_LABELS[this.#locale][name] ?? metricInfo(name)?.label ?? name;
  }

  /** A metric value with its SI unit; boolean metrics (0/1) read as yes/no. */
  formatMetric(name: string, value: number): string {
    const info = metricInfo(name);
    if (info?.boolean) return this.t(value === 0 ? 'metric.no' : 'metric.yes');
    const number = this.formatNumber(value);
    if (info === undefined || info.unit === '') return number;
    // Degrees hug the number (12.5°C); other units take a no-break space so they never wrap away.
    return info.unit.startsWith('°') ? `${number}${info.unit}` : `${number}\u00a0${info.unit}`;
  }

  /** "12 s ago", "3 min ago": an age in milliseconds, in the largest unit that keeps it readable. */
  formatAge(ageMs: number): string {
    const seconds = Math.max(0, Math.round(ageMs / 1000));
    if (seconds < 1) return this.t('time.justNow');
    if (seconds < 60) return this.#relativeFormat.format(-seconds, 'second');
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) return this.#relativeFormat.format(-minutes, 'minute');
    const hours = Math.floor(minutes / 60);
    if (hours < 48) return this.#relativeFormat.format(-hours, 'hour');
    return this.#relativeFormat.format(-Math.floor(hours / 24), 'day');
  }

  /** A duration without "ago", for "nothing received for 20 s". */
  formatDuration(ms: number): string {
    const seconds = Math.max(0, Math.round(ms / 1000));
    const unit = (value: number, name: 'second' | 'minute' | 'hour') =>
      new Intl.NumberFormat(this.#locale, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
    if (seconds < 60) return unit(seconds, 'second');
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) return unit(minutes, 'minute');
    return unit(Math.floor(minutes / 60), 'hour');
  }
}

// Storage can be disabled (kiosk profiles, private mode); the language then just is not remembered.
function readStorage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function writeStorage(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // not remembered; see readStorage
  }
}
