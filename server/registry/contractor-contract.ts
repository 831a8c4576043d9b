import type { Contractor } from '../contracts/machinery.ts';

/**
 * Contract periods are local calendar dates (YYYY-MM-DD, both days inclusive), as a tender writes
 * them: a contract ending on 31 March covers the whole of 31 March in Polygyros' time zone. Pure.
 */

const DAY_MS = 86_400_000;

/** Days at which a contract counts as ending soon, for warnings and reasons. */
export const CONTRACT_EXPIRY_WARNING_DAYS = 30;

/** The local calendar date of an instant in an IANA time zone, as YYYY-MM-DD. */
export function localDate(ts: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(ts);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

export function addDays(date: string, days: number): string {
  return new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** True for a real calendar date written YYYY-MM-DD (no 2026-02-30). */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
}

export type ContractStanding =
  | { readonly state: 'valid'; readonly daysLeft: number }
  | { readonly state: 'not_started'; readonly daysToStart: number }
  | { readonly state: 'expired'; readonly daysAgo: number };

/** Where a contract stands on a local date; `daysLeft` is 0 on its last day. */
export function contractStanding(contract: Pick<Contractor, 'contractStart' | 'contractEnd'>, today: string): ContractStanding {
  if (today < contract.contractStart) return { state: 'not_started', daysToStart: daysBetween(today, contract.contractStart) };
  if (today > contract.contractEnd) return { state: 'expired', daysAgo: daysBetween(contract.contractEnd, today) };
  return { state: 'valid', daysLeft: daysBetween(today, contract.contractEnd) };
}

export function contractValidOn(contract: Pick<Contractor, 'contractStart' | 'contractEnd'>, today: string): boolean {
  return contract.contractStart <= today && today <= contract.contractEnd;
}
