import { CAP_SEVERITIES, type CapSeverity } from '../../../../rules/engine/cap-vocabulary.ts';
import { KNOWN_METRICS, metricInfo, type KnownMetric } from '../../../../server/contracts/metrics.ts';
import { MACHINE_STATUSES, MACHINE_TYPES, type MachineType } from '../domain.ts';
import type { MachineStatus } from '../../../../server/contracts/machinery.ts';
import { el } from './locales/el.ts';
import { en, type MessageKey, type Messages } from './locales/en.ts';
import { pl } from './locales/pl.ts';

/** A new language: its catalogue typed `Messages` (the compiler lists any missing key), and one entry here. */
export const LOCALES = ['en', 'el', 'pl'] as const;
export type Locale = (typeof LOCALES)[number];

const CATALOGUES: Readonly<Record<Locale, Messages>> = { en, el, pl };
/** The tag Intl formats with: a 24-hour clock and the region's conventions for dates and numbers. */
const INTL_TAG: Readonly<Record<Locale, string>> = { en: 'en-GB', el: 'el-GR', pl: 'pl-PL' };
/** Each language's own name, for the language switch (never translated). */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', el: 'Ελληνικά', pl: 'Polski' };

const STORAGE_KEY = 'skopia.locale';

export type MessageParams = Readonly<Record<string, string | number>>;

export function isLocale(value: string | null | undefined): value is Locale {
  return value !== null && value !== undefined && (LOCALES as readonly string[]).includes(value);
}

function isKnownMetric(name: string): name is KnownMetric {
  return Object.hasOwn(KNOWN_METRICS, name);
}

/**
 * The chosen language and everything formatted in it: messages, numbers, dates, ages. Components read
 * `i18n.t(...)` inside their templates, so a language switch re-renders them. Dates and times are shown
 * in the region's time zone (the operations room's), whatever the browser's.
 */
export class I18nManager {
  #locale = $state<Locale>('en');
  #timeZone = $state<string | undefined>(undefined);
  #tag = $derived(INTL_TAG[this.#locale]);
  #numberFormat = $derived(new Intl.NumberFormat(this.#tag, { maximumFractionDigits: 1 }));
  #relativeFormat = $derived(new Intl.RelativeTimeFormat(this.#tag, { numeric: 'always', style: 'short' }));
  #dateTimeFormat = $derived(
    new Intl.DateTimeFormat(this.#tag, { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23', ...this.#zone() }),
  );
  #timeFormat = $derived(new Intl.DateTimeFormat(this.#tag, { timeStyle: 'medium', hourCycle: 'h23', ...this.#zone() }));
  #shortTimeFormat = $derived(new Intl.DateTimeFormat(this.#tag, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...this.#zone() }));
  #dateFormat = $derived(new Intl.DateTimeFormat(this.#tag, { dateStyle: 'medium', ...this.#zone() }));
  #dayMonthFormat = $derived(new Intl.DateTimeFormat(this.#tag, { day: 'numeric', month: 'short', ...this.#zone() }));
  #monthFormat = $derived(new Intl.DateTimeFormat(this.#tag, { month: 'short', year: 'numeric', ...this.#zone() }));

  get locale(): Locale {
    return this.#locale;
  }

  /** The BCP 47 tag dates and numbers are formatted with (en-GB, el-GR, pl-PL). */
  get tag(): string {
    return this.#tag;
  }

  /**
   * Picks a language: `requested` (a wall screen's `?lang=`, not remembered), else the remembered
   * choice, else the browser's, else English.
   */
  init(requested: string | null = null): void {
    if (isLocale(requested)) {
      this.#apply(requested);
      return;
    }
    const remembered = readStorage();
    const browser = navigator.language.slice(0, 2);
    this.#apply(isLocale(remembered) ? remembered : isLocale(browser) ? browser : 'en');
  }

  /** The user's choice: applied and remembered on this browser. */
  setLocale(locale: Locale): void {
    this.#apply(locale);
    writeStorage(locale);
  }

  /** The region's IANA time zone (Europe/Athens): every date and time is shown in it. */
  setTimeZone(timeZone: string): void {
    this.#timeZone = isTimeZone(timeZone) ? timeZone : undefined;
  }

  t(key: MessageKey, params?: MessageParams): string {
    const template = CATALOGUES[this.#locale][key];
    if (params === undefined) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      return value === undefined ? whole : typeof value === 'number' ? this.formatNumber(value) : value;
    });
  }

  formatNumber(value: number, maximumFractionDigits = 1): string {
    if (maximumFractionDigits === 1) return this.#numberFormat.format(value);
    return new Intl.NumberFormat(this.#tag, { maximumFractionDigits }).format(value);
  }

  formatInteger(value: number): string {
    return new Intl.NumberFormat(this.#tag, { maximumFractionDigits: 0 }).format(value);
  }

  /** A CAP severity in the language; a word the dashboard does not know is shown as it came. */
  severityName(severity: string | null): string {
    if (severity === null) return '';
    const known = CAP_SEVERITIES.find((s) => s.toLowerCase() === severity.toLowerCase());
    return known === undefined ? severity : this.t(`severity.${known satisfies CapSeverity}`);
  }

  machineTypeName(type: string): string {
    const known = MACHINE_TYPES.find((t) => t === type);
    return known === undefined ? type : this.t(`machineType.${known satisfies MachineType}`);
  }

  machineStatusName(status: string): string {
    const known = MACHINE_STATUSES.find((s) => s === status);
    return known === undefined ? status : this.t(`machineStatus.${known satisfies MachineStatus}`);
  }

  metricLabel(name: string): string {
    return isKnownMetric(name) ? this.t(`metric.label.${name}`) : name;
  }

  /** A value with its SI unit: 12.5°C, 18 %, 42 km/h (the unit never wraps away from the number). */
  formatValue(value: number, unit: string): string {
    const number = this.formatNumber(value);
    if (unit === '') return number;
    return unit.startsWith('°') ? `${number}${unit}` : `${number}\u00a0${unit}`;
  }

  /** A metric's value with its unit; boolean metrics (0/1) read as yes/no. */
  formatMetric(name: string, value: number): string {
    const info = metricInfo(name);
    if (info?.boolean) return this.t(value === 0 ? 'metric.no' : 'metric.yes');
    return this.formatValue(value, info?.unit ?? '');
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
    const unit = (value: number, name: 'second' | 'minute' | 'hour' | 'day') =>
      new Intl.NumberFormat(this.#tag, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
    if (seconds < 60) return unit(seconds, 'second');
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) return unit(minutes, 'minute');
    const hours = Math.floor(minutes / 60);
    if (hours < 48) return unit(hours, 'hour');
    return unit(Math.floor(hours / 24), 'day');
  }

  /** 23 Nov 2026, 14:05 (region time). */
  formatDateTime(ms: number): string {
    return this.#dateTimeFormat.format(ms);
  }

  /** 14:05:12 (region time). */
  formatTime(ms: number): string {
    return this.#timeFormat.format(ms);
  }

  /** 14:05 (region time). */
  formatShortTime(ms: number): string {
    return this.#shortTimeFormat.format(ms);
  }

  /** 23 Nov 2026. */
  formatDate(ms: number): string {
    return this.#dateFormat.format(ms);
  }

  /** A time-axis tick: a clock time for spans under two days, a day for months, a month beyond. */
  formatTick(ms: number, spanMs: number): string {
    if (spanMs <= 2 * 86_400_000) return this.#shortTimeFormat.format(ms);
    if (spanMs <= 120 * 86_400_000) return this.#dayMonthFormat.format(ms);
    return this.#monthFormat.format(ms);
  }

  /** How far the display time zone is ahead of UTC at `at`, ms (for placing chart ticks on local hours). */
  zoneOffsetMs(at: number): number {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: this.#timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }).formatToParts(at);
    const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
    const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
    return wall - Math.floor(at / 1000) * 1000;
  }

  /** A list of words joined the language's way: "a, b and c". */
  formatList(items: readonly string[]): string {
    return new Intl.ListFormat(this.#tag, { style: 'long', type: 'conjunction' }).format(items);
  }

  #zone(): { timeZone?: string } {
    return this.#timeZone === undefined ? {} : { timeZone: this.#timeZone };
  }

  #apply(locale: Locale): void {
    this.#locale = locale;
    document.documentElement.lang = locale;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
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
