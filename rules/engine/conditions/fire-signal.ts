/**
 * What counts as a fire detection on a forest-fire sensor (DOMAIN.md §1): the smoke/flame flag, or a gas
 * concentration at or over a threshold. Shared by the single-sensor and the correlation conditions.
 */
import { z } from 'zod';

export const FireSignalSchema = z
  .strictObject({
    /** Count the sensor's smoke/flame flag (metric `smoke`, 1/0). */
    smoke: z.boolean().default(true),
    coPpm: z.number().positive().optional(),
    h2Ppm: z.number().positive().optional(),
    vocIndex: z.number().positive().optional(),
  })
  .refine((s) => s.smoke || s.coPpm !== undefined || s.h2Ppm !== undefined || s.vocIndex !== undefined, {
    message: 'name at least one signal: smoke, coPpm, h2Ppm or vocIndex',
  });
export type FireSignal = z.infer<typeof FireSignalSchema>;

export const SIGNAL_SMOKE = 1;
export const SIGNAL_CO = 2;
export const SIGNAL_H2 = 4;
export const SIGNAL_VOC = 8;

/**
 * A bit set of the tripped signals (0: none tripped), or -1 when the reading carries none of the
 * metrics the signal looks at (it says nothing about fire). Allocates nothing.
 */
export function fireSignalOf(metrics: Readonly<Record<string, number>>, s: FireSignal): number {
  let seen = false;
  let tripped = 0;
  if (s.smoke) {
    const v = metrics.smoke;
    if (v !== undefined) {
      seen = true;
      if (v >= 1) tripped |= SIGNAL_SMOKE;
    }
  }
  if (s.coPpm !== undefined) {
    const v = metrics.co_ppm;
    if (v !== undefined) {
      seen = true;
      if (v >= s.coPpm) tripped |= SIGNAL_CO;
    }
  }
  if (s.h2Ppm !== undefined) {
    const v = metrics.h2_ppm;
    if (v !== undefined) {
      seen = true;
      if (v >= s.h2Ppm) tripped |= SIGNAL_H2;
    }
  }
  if (s.vocIndex !== undefined) {
    const v = metrics.voc_index;
    if (v !== undefined) {
      seen = true;
      if (v >= s.vocIndex) tripped |= SIGNAL_VOC;
    }
  }
  return seen ? tripped : -1;
}

/** "smoke flag, CO ≥ 10 ppm" for a bit set, in messages. */
export function describeFireSignals(bits: number, s: FireSignal): string {
  const parts: string[] = [];
  if (bits & SIGNAL_SMOKE) parts.push('smoke flag');
  if (bits & SIGNAL_CO) parts.push(`CO ≥ ${s.coPpm} ppm`);
  if (bits & SIGNAL_H2) parts.push(`H₂ ≥ ${s.h2Ppm} ppm`);
  if (bits & SIGNAL_VOC) parts.push(`VOC index ≥ ${s.vocIndex}`);
  return parts.length === 0 ? 'no fire signal' : parts.join(', ');
}
