import { z } from 'zod';

/** Same alphabet as the gateway contract's metric names (server/contracts/metrics.ts), restated to keep rules/ pure. */
export const MetricNameSchema = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'a metric name: lower_snake_case, at most 64 characters');

/** Unit and label for messages ("Water level 185 cm"); rule files may say them, defaults are plain. */
export const UnitSchema = z.string().max(16);
export const LabelSchema = z.string().min(1).max(80);
