/**
 * A plausibility guard against single-reading sensor faults (spikes), for conditions that keep a sample
 * window (gauge_levels, rate_of_change) and for the `implausible_jump` fault rule.
 *
 * Why a physical maximum change and not "confirm over N readings": a real rise, even a flash flood, moves
 * a gauge by a few cm per reading; an echo or a bit error moves it by metres in one. So a change between
 * consecutive readings larger than `maxStep + maxRatePerHour × elapsed` is physically implausible and the
 * reading is held back as a *suspect* instead of entering the window (the window's slope would otherwise
 * carry it for a whole trend window). The next reading decides:
 * - back near the last accepted value: the suspect was a spike and is dropped (the fault rule raises
 *   "implausible jump");
 * - near the suspect: the jump was real (a wall of water, a recalibrated gauge): both readings are accepted,
 *   one reading late;
 * - far from both: it becomes the new suspect.
 * Readings within the limit pass at once, so a fast but physical rise alerts with no delay at all.
 */
import { z } from 'zod';

export const PlausibilitySchema = z.strictObject({
  /** A change up to this much between two readings is always plausible (noise, quick successive readings). */
  maxStep: z.number().min(0),
  /** Plus this much per hour between the two readings: the fastest change the quantity can physically make. */
  maxRatePerHour: z.number().min(0),
});
export type Plausibility = z.infer<typeof PlausibilitySchema>;

export interface Sample {
  t: number;
  v: number;
}

export const SampleSchema = z.strictObject({ t: z.number(), v: z.number() });

/**
 * What to do with a reading (t, v), given the last accepted sample and the pending suspect:
 * `accept` it; hold it as a `suspect`; `confirm` the suspect (accept the suspect, then the reading);
 * `spike`: drop the suspect as a fault, then accept the reading.
 */
export type Screening = 'accept' | 'suspect' | 'confirm' | 'spike';

export function isPlausibleChange(g: Plausibility, from: Sample, t: number, v: number): boolean {
  const hours = Math.max(0, t - from.t) / 3_600_000;
  return Math.abs(v - from.v) <= g.maxStep + g.maxRatePerHour * hours;
}

export function screenReading(g: Plausibility, last: Sample | null, suspect: Sample | null, t: number, v: number): Screening {
  const nearLast = last === null || isPlausibleChange(g, last, t, v);
  if (suspect === null) return nearLast ? 'accept' : 'suspect';
  if (nearLast) return 'spike';
  return isPlausibleChange(g, suspect, t, v) ? 'confirm' : 'suspect';
}
