import { describe, expect, it } from 'vitest';
import { addDays, contractStanding, daysBetween, isCalendarDate, localDate } from '../../../server/registry/contractor-contract.ts';
import { resolveRelativeDates } from '../../../server/registry/machinery-seed.ts';

describe('contract dates', () => {
  it.each([
    ['2026-11-23T21:59:59Z', 'Europe/Athens', '2026-11-23'],
    ['2026-11-23T22:00:00Z', 'Europe/Athens', '2026-11-24'],
    ['2026-07-31T20:59:59Z', 'Europe/Athens', '2026-07-31'],
    ['2026-07-31T21:00:00Z', 'Europe/Athens', '2026-08-01'],
    ['2026-11-23T22:30:00Z', 'Europe/Warsaw', '2026-11-23'],
    ['2026-11-23T23:00:00Z', 'Europe/Warsaw', '2026-11-24'],
  ])('%s is %s in %s', (instant, zone, date) => {
    expect(localDate(Date.parse(instant), zone)).toBe(date);
  });

  it.each([
    ['2026-01-01', { state: 'valid', daysLeft: 364 }],
    ['2026-12-31', { state: 'valid', daysLeft: 0 }],
    ['2027-01-01', { state: 'expired', daysAgo: 1 }],
    ['2025-12-29', { state: 'not_started', daysToStart: 3 }],
  ])('on %s a 2026 contract is %o', (today, standing) => {
    expect(contractStanding({ contractStart: '2026-01-01', contractEnd: '2026-12-31' }, today)).toEqual(standing);
  });

  it('counts days across month ends and leap years', () => {
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it.each([
    ['2026-02-28', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['26-02-01', false],
    ['2026-2-1', false],
  ])('%s is a calendar date: %s', (s, ok) => {
    expect(isCalendarDate(s)).toBe(ok);
  });

  it('resolves the demo files’ relative dates', () => {
    expect(resolveRelativeDates('a,today-20,today+12,today\n', '2026-11-23')).toBe('a,2026-11-03,2026-12-05,2026-11-23\n');
  });
});
