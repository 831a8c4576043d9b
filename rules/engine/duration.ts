import { z } from 'zod';

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };
const DURATION_TEXT = /^(\d+(?:\.\d+)?)(s|m|h|d)$/;

/**
 * A duration in a rule file: seconds as a number, or text like "90s", "15m", "1h", "2d" (easier to read
 * in a rule than 900). Parses to seconds.
 */
export const DurationSchema = z
  .union([
    z.number().min(0).max(366 * 86_400),
    z.string().regex(DURATION_TEXT, 'a number of seconds, or text like "30s", "15m", "1h", "2d"'),
  ])
  .transform((d, ctx) => {
    if (typeof d === 'number') return d;
    const match = DURATION_TEXT.exec(d);
    const unit = match?.[2];
    const seconds = Number(match?.[1]) * (unit === undefined ? NaN : (UNIT_SECONDS[unit] ?? NaN));
    if (!Number.isFinite(seconds) || seconds > 366 * 86_400) {
      ctx.addIssue({ code: 'custom', message: 'a duration of at most 366 days' });
      return z.NEVER;
    }
    return seconds;
  });

/** Accepts only positive durations. */
export const PositiveDurationSchema = DurationSchema.refine((s) => s > 0, 'must be longer than zero');
