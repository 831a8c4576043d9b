/**
 * A bounded, time-ordered window of samples kept in rule state (plain arrays, JSON-friendly). About
 * `maxSamples` per window (at most maxSamples + 2): samples closer than window/maxSamples are merged, so
 * a chatty sensor cannot grow the state.
 */
import { screenReading } from './plausibility.ts';
import type { Plausibility, Sample, Screening } from './plausibility.ts';

export interface SampleWindow {
  /** Sample times, epoch ms, ascending. */
  t: number[];
  v: number[];
  /** A reading held back by a plausibility guard until the next one decides it (plausibility.ts). */
  suspect?: Sample | undefined;
}

/** `replace` keeps the newest value (levels); `add` sums them (rain increments). */
export type SampleMerge = 'replace' | 'add';

export function createSampleWindow(): SampleWindow {
  return { t: [], v: [] };
}

export function pushSample(
  w: SampleWindow,
  t: number,
  v: number,
  windowMs: number,
  maxSamples: number,
  merge: SampleMerge,
): void {
  const n = w.t.length;
  const minGapMs = windowMs / maxSamples;
  const last = w.t[n - 1];
  const beforeLast = w.t[n - 2];
  // The newest sample is provisional while it sits closer than the gap to the one before it: the next
  // sample replaces (or adds into) it. So kept samples are spaced by the gap, plus one newest sample.
  if (last !== undefined && beforeLast !== undefined && last - beforeLast < minGapMs) {
    w.t[n - 1] = t;
    w.v[n - 1] = merge === 'add' ? (w.v[n - 1] ?? 0) + v : v;
  } else {
    w.t.push(t);
    w.v.push(v);
  }
  const cutoff = t - windowMs;
  while (w.t.length > 1 && (w.t[0] ?? Infinity) < cutoff) {
    w.t.shift();
    w.v.shift();
  }
}

/** Time between the oldest and the newest sample, ms. */
export function windowSpanMs(w: SampleWindow): number {
  const n = w.t.length;
  return n < 2 ? 0 : (w.t[n - 1] ?? 0) - (w.t[0] ?? 0);
}

/** Least-squares slope, per hour: steadier than first-to-last when the gauge is noisy. NaN below 2 samples. */
export function slopePerHour(w: SampleWindow): number {
  const n = w.t.length;
  if (n < 2) return NaN;
  const t0 = w.t[0] ?? 0;
  let st = 0;
  let sv = 0;
  for (let i = 0; i < n; i++) {
    st += (w.t[i] ?? 0) - t0;
    sv += w.v[i] ?? 0;
  }
  const mt = st / n;
  const mv = sv / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const dt = (w.t[i] ?? 0) - t0 - mt;
    num += dt * ((w.v[i] ?? 0) - mv);
    den += dt * dt;
  }
  return den === 0 ? NaN : (num / den) * 3_600_000;
}

/** Sum of the samples newer than `cutoff` (exclusive). */
export function sumSince(w: SampleWindow, cutoff: number): number {
  let s = 0;
  for (let i = w.t.length - 1; i >= 0; i--) {
    if ((w.t[i] ?? -Infinity) <= cutoff) break;
    s += w.v[i] ?? 0;
  }
  return s;
}

/**
 * pushSample behind a plausibility guard (none: every reading is accepted). Returns how the reading was
 * screened; on `suspect` the window is unchanged and the caller has nothing new to decide on.
 */
export function pushScreenedSample(
  w: SampleWindow,
  guard: Plausibility | undefined,
  t: number,
  v: number,
  windowMs: number,
  maxSamples: number,
): Screening {
  if (guard === undefined) {
    pushSample(w, t, v, windowMs, maxSamples, 'replace');
    return 'accept';
  }
  const n = w.t.length;
  const lastT = w.t[n - 1];
  const lastV = w.v[n - 1];
  const last = lastT === undefined || lastV === undefined ? null : { t: lastT, v: lastV };
  const suspect = w.suspect ?? null;
  const screening = screenReading(guard, last, suspect, t, v);
  if (screening === 'suspect') {
    w.suspect = { t, v };
    return screening;
  }
  delete w.suspect;
  if (screening === 'confirm' && suspect !== null) pushSample(w, suspect.t, suspect.v, windowMs, maxSamples, 'replace');
  pushSample(w, t, v, windowMs, maxSamples, 'replace');
  return screening;
}
