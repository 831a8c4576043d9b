/**
 * Local civil time for daily conditions (FWI at local noon). Pure: the offset is a function of the
 * instant, given by the caller; nothing here reads the clock.
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface LocalTime {
  /** Minutes to add to UTC to get local time at instant `ts` (Europe/Athens: 120 in winter, 180 in summer). */
  utcOffsetMinutes(ts: number): number;
}

export const UTC: LocalTime = { utcOffsetMinutes: () => 0 };

export function fixedUtcOffset(minutes: number): LocalTime {
  return { utcOffsetMinutes: () => minutes };
}

/**
 * The offset of an IANA time zone (the region's `timezone`), from the runtime's time-zone data. Offsets
 * change only on whole hours, so each hour's offset is looked up once and remembered (bounded).
 */
export function timeZoneOffset(timeZone: string): LocalTime {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
  const byHour = new Map<number, number>();
  return {
    utcOffsetMinutes(ts: number): number {
      const hour = Math.floor(ts / HOUR_MS);
      const known = byHour.get(hour);
      if (known !== undefined) return known;
      const parts: Record<string, number> = {};
      for (const p of format.formatToParts(hour * HOUR_MS)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
      const asUtc = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0);
      const offset = Math.round((asUtc - hour * HOUR_MS) / 60_000);
      if (byHour.size >= 10_000) byHour.clear();
      byHour.set(hour, offset);
      return offset;
    },
  };
}

/** The local calendar day of an instant, as days since 1970-01-01. */
export function localDayOf(ts: number, localTime: LocalTime): number {
  return Math.floor((ts + localTime.utcOffsetMinutes(ts) * 60_000) / DAY_MS);
}

/** The instant of local noon on a local day. */
export function localNoonOf(day: number, localTime: LocalTime): number {
  const noonAsUtc = day * DAY_MS + 12 * HOUR_MS;
  return noonAsUtc - localTime.utcOffsetMinutes(noonAsUtc) * 60_000;
}

/** Calendar month 1..12 of a local day. */
export function monthOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCMonth() + 1;
}

/** ISO date (YYYY-MM-DD) of a local day, for messages. */
export function isoDateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
