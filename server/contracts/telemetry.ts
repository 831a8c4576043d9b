import { z } from 'zod';
import { METRIC_NAME } from './metrics.ts';

/** Where a reading came from: which decoder accepted it. */
export type ReadingSource = 'native' | 'ttn' | 'chirpstack' | 'canary';

/** The internal reading every decoder produces. Booleans are normalised to 1/0. */
export interface Reading {
  readonly sensorId: string;
  /** Measurement time, epoch ms. */
  readonly ts: number;
  readonly metrics: Readonly<Record<string, number>>;
  /** When the server received it, epoch ms. */
  readonly receivedAt: number;
  readonly source: ReadingSource;
}

export const MAX_METRICS_PER_READING = 64;
export const MAX_READINGS_PER_BATCH = 1000;

/** RFC 3339 (any sub-second precision, `Z` or an offset) or epoch milliseconds. */
export const TimestampSchema = z.union([
  z.iso.datetime({ offset: true }),
  z.number().int().min(946_684_800_000, 'epoch milliseconds after 2000-01-01'),
]);

export const MetricValueSchema = z.union([
  // z.number() rejects NaN and ±Infinity, which JSON cannot carry anyway but a decoder might produce.
  z.number(),
  z.boolean(),
]);

export const MetricsSchema = z
  .record(z.string().regex(METRIC_NAME, 'metric names are lower_snake_case, at most 64 characters'), MetricValueSchema)
  .refine((m) => Object.keys(m).length > 0, 'at least one metric')
  .refine((m) => Object.keys(m).length <= MAX_METRICS_PER_READING, `at most ${MAX_METRICS_PER_READING} metrics`);

/** One reading as a gateway publishes it on `{prefix}/{gatewayId}/{sensorId}/telemetry`. */
export const NativeReadingSchema = z.strictObject({
  ts: TimestampSchema.optional(),
  metrics: MetricsSchema,
  battery: z.number().min(0).max(100).optional(),
});
export type NativeReading = z.infer<typeof NativeReadingSchema>;

/** A batch: several readings of the same sensor in one message (a gateway catching up). */
export const NativeBatchEnvelopeSchema = z.strictObject({
  readings: z.array(z.unknown()).min(1).max(MAX_READINGS_PER_BATCH),
});

/** What the server publishes on `{prefix}/{gatewayId}/errors` for a rejected message or reading. */
export const RejectReportSchema = z.object({
  ts: z.string(),
  topic: z.string(),
  reason: z.string(),
  message: z.string(),
  /** Index of the rejected reading within a batch. */
  index: z.number().int().optional(),
});
export type RejectReport = z.infer<typeof RejectReportSchema>;

/** Why a message or a reading was rejected; each reason has its own counter. */
export const REJECT_REASONS = [
  'bad_topic',
  'too_large',
  'bad_json',
  'invalid_payload',
  'unknown_sensor',
  'wrong_gateway',
  'future_timestamp',
  'unknown_device',
  'no_decoded_payload',
  'unmapped_field',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/**
 * GET /api/sensors/:id/readings?metric=&from=&to=&maxPoints=: one metric downsampled into buckets of
 * min, mean and max (the shape of the telemetry store's History), for the dashboard's history chart.
 */
export interface SensorHistoryView {
  readonly sensorId: string;
  readonly metric: string;
  readonly bucketMs: number;
  /** Oldest first; `t` is the bucket start, epoch ms. Buckets without data are left out. */
  readonly buckets: readonly { readonly t: number; readonly min: number; readonly mean: number; readonly max: number; readonly count: number }[];
}
