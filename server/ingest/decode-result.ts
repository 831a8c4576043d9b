import type { z } from 'zod';
import type { Reading, RejectReason } from '../contracts/telemetry.ts';

/** Why a message, or one reading in a batch, was not accepted. */
export interface Rejection {
  readonly reason: RejectReason;
  readonly message: string;
  /** Index within a batch, when one reading of several was rejected. */
  readonly index?: number;
}

/** A decoder's answer: the readings it accepted and, separately, what it rejected. */
export interface DecodeResult {
  readonly readings: Reading[];
  readonly rejections: readonly Rejection[];
}

export function rejected(reason: RejectReason, message: string): DecodeResult {
  return { readings: [], rejections: [{ reason, message }] };
}

/** "metrics.air_temperature_c: expected number, received string; ts: ..." — at most three issues. */
export function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 3).map((i) => `${i.path.length > 0 ? i.path.join('.') : '(payload)'}: ${i.message}`);
  if (error.issues.length > 3) parts.push(`and ${error.issues.length - 3} more`);
  return parts.join('; ');
}

/** Data more than this far in the future is a gateway clock fault, not a reading. */
export const MAX_FUTURE_MS = 5 * 60_000;

export function timestampMs(ts: string | number | undefined, receivedAt: number): number {
  if (ts === undefined) return receivedAt;
  return typeof ts === 'number' ? ts : Date.parse(ts);
}

/**
 * Booleans become 1 and 0, in place: the object is the decoder's own (fresh from JSON.parse or zod),
 * and copying it for every reading was a measurable share of ingest's garbage.
 */
export function metricsAsNumbers(metrics: Record<string, number | boolean>): Record<string, number> {
  for (const key in metrics) {
    const v = metrics[key];
    if (typeof v === 'boolean') metrics[key] = v ? 1 : 0;
  }
  return metrics as Record<string, number>;
}
