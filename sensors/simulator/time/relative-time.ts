/**
 * Scenario times are written relative to the scenario start ("+2h30m"), so a scenario can be replayed at
 * any start time (`--start now`) with its events in the same place; absolute RFC 3339 times are accepted
 * too for scenarios tied to a date.
 */

export const MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

const OFFSET = /^\+((?:\d+(?:\.\d+)?[dhms])+)$/;
const OFFSET_PART = /(\d+(?:\.\d+)?)([dhms])/g;
const DURATION = /^((?:\d+(?:\.\d+)?[dhms])+)$/;

/** "+2h30m" → 9_000_000 ms; null when the text is not a relative offset. */
export function parseOffsetMs(text: string): number | null {
  const match = OFFSET.exec(text);
  if (match?.[1] === undefined) return null;
  return sumParts(match[1]);
}

/** "2h30m" (no sign) → ms; null when malformed. */
export function parseDurationMs(text: string): number | null {
  const match = DURATION.exec(text);
  if (match?.[1] === undefined) return null;
  return sumParts(match[1]);
}

function sumParts(text: string): number {
  let total = 0;
  for (const part of text.matchAll(OFFSET_PART)) {
    const [, value, unit] = part;
    total += Number(value) * MS[unit as keyof typeof MS];
  }
  return total;
}

/** A scenario time: "+90m" relative to `startMs`, or an absolute RFC 3339 time. */
export function resolveScenarioTime(text: string, startMs: number): number {
  const offset = parseOffsetMs(text);
  if (offset !== null) return startMs + offset;
  return Date.parse(text);
}

/** "+8h05m" for progress lines and reports. */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const totalMin = Math.floor(Math.abs(ms) / MS.m);
  const d = Math.floor(totalMin / 1440);
  const h = Math.floor((totalMin % 1440) / 60);
  const m = totalMin % 60;
  const mm = m.toString().padStart(2, '0');
  return d > 0 ? `${sign}${d}d${h}h${mm}m` : `${sign}${h}h${mm}m`;
}
