import { z } from 'zod';
import { CAP_CERTAINTIES, CAP_SEVERITIES, CAP_URGENCIES } from '../../rules/engine/cap-vocabulary.ts';
import { HAZARDS, MACHINE_TYPES } from '../../rules/hazards/machine-types.ts';
import { SUBJECT_TYPES } from '../../rules/engine/types.ts';

/**
 * Alerts on the wire: the view dashboards, the API and notifications share, the lifecycle history and
 * the notification log. Times are epoch milliseconds.
 *
 *   firing ──acknowledge(comment)──▶ acknowledged ──resolve(comment) or the rule's clear──▶ resolved
 *      └────────────────────────resolve(comment) or the rule's clear──────────────────────────▲
 *   acknowledged ──severity goes up──▶ firing (a new acknowledgement is needed)
 */

export const ALERT_STATES = ['firing', 'acknowledged', 'resolved'] as const;
export const AlertStateSchema = z.enum(ALERT_STATES);
export type AlertState = z.infer<typeof AlertStateSchema>;

export const ALERT_ACTIONS = ['acknowledge', 'resolve'] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

export const SeveritySchema = z.enum(CAP_SEVERITIES);
export const UrgencySchema = z.enum(CAP_URGENCIES);
export const CertaintySchema = z.enum(CAP_CERTAINTIES);
export const HazardSchema = z.enum(HAZARDS);

export const AlertSubjectViewSchema = z.object({
  type: z.enum(SUBJECT_TYPES),
  id: z.string(),
  /** A sensor's, village's or gateway's name from the registry (the id when unknown). */
  name: z.string(),
});

export const AlertSignoffSchema = z.object({
  /** A user name, `token:<name>`, or `system` for the rule engine. */
  by: z.string(),
  at: z.number(),
  comment: z.string(),
});
export type AlertSignoff = z.infer<typeof AlertSignoffSchema>;

export const AlertViewSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  hazard: HazardSchema,
  /** Published in the public CAP feed. */
  public: z.boolean(),
  subject: AlertSubjectViewSchema,
  state: AlertStateSchema,
  severity: SeveritySchema,
  urgency: UrgencySchema,
  certainty: CertaintySchema,
  /** The value that decided the newest change, in `unit`. */
  value: z.number(),
  /** The most extreme value since the alert was raised. */
  peak: z.number(),
  unit: z.string(),
  message: z.string(),
  /** Dispatch hint: the machine types the hazard calls for, most useful first. */
  machineTypes: z.array(z.enum(MACHINE_TYPES)),
  sensorIds: z.array(z.string()),
  /** Where the subject is: the sensor, the village centre, or the centroid of a gateway's sensors. */
  position: z.object({ lat: z.number(), lon: z.number() }),
  villageId: z.string().nullable(),
  raisedAt: z.number(),
  updatedAt: z.number(),
  /** Data time of the newest observation behind it. */
  observedAt: z.number(),
  acknowledged: AlertSignoffSchema.nullable(),
  resolved: AlertSignoffSchema.extend({ automatic: z.boolean() }).nullable(),
  /** 0 duty officer, 1 head of civil protection, 2 mayor: the highest level notified so far. */
  escalationLevel: z.number().int(),
  lastNotifiedAt: z.number().nullable(),
  /** Notification outcomes: a failure here means someone may not know; phone them. */
  notifications: z.object({ sent: z.number().int(), failed: z.number().int(), pending: z.number().int() }),
  /** What an officer may do now. */
  allowedActions: z.array(z.enum(ALERT_ACTIONS)),
});
export type AlertView = z.infer<typeof AlertViewSchema>;

export const ALERT_EVENT_KINDS = ['raised', 'updated', 'acknowledged', 'reescalated', 'resolved', 'escalated'] as const;

/** One step of an alert's history, oldest first. */
export const AlertEventSchema = z.object({
  id: z.number().int(),
  at: z.number(),
  kind: z.enum(ALERT_EVENT_KINDS),
  by: z.string(),
  state: AlertStateSchema,
  severity: SeveritySchema,
  value: z.number(),
  peak: z.number(),
  /** The engine's sentence, or the officer's comment. */
  message: z.string(),
});
export type AlertEvent = z.infer<typeof AlertEventSchema>;

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed'] as const;

export const AlertNotificationSchema = z.object({
  id: z.number().int(),
  level: z.number().int(),
  levelName: z.string(),
  /** Why it was sent: the alert was raised, escalated because nobody acknowledged it, or went up again. */
  reason: z.enum(['raised', 'escalated', 'reescalated']),
  channel: z.enum(['webhook', 'email']),
  recipient: z.string(),
  status: z.enum(NOTIFICATION_STATUSES),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type AlertNotification = z.infer<typeof AlertNotificationSchema>;

export const AlertReadingsSchema = z.object({
  sensorId: z.string(),
  metric: z.string(),
  points: z.array(z.object({ ts: z.number(), value: z.number() })),
});

export const CapMessageRefSchema = z.object({
  identifier: z.string(),
  msgType: z.enum(['Alert', 'Update', 'Cancel']),
  sent: z.string(),
});

export const AlertDetailSchema = z.object({
  alert: AlertViewSchema,
  history: z.array(AlertEventSchema),
  /** The rule as it is in force (null when it has since been removed from the rule set). */
  rule: z.record(z.string(), z.unknown()).nullable(),
  /** Recent readings of the subject's sensors, for the metrics the rule looks at: why it fired. */
  readings: z.array(AlertReadingsSchema),
  notifications: z.array(AlertNotificationSchema),
  /** CAP messages published for it, oldest first (public alerts only). */
  cap: z.array(CapMessageRefSchema),
});
export type AlertDetail = z.infer<typeof AlertDetailSchema>;

// Free text from officers: the comment goes to the audit log and to every dashboard.
const CONTROL = /\p{Cc}/u;
export const AlertCommentSchema = z
  .string({ message: 'a comment is required' })
  .trim()
  .min(1, 'a comment is required')
  .max(2000, 'at most 2000 characters')
  .refine((v) => !CONTROL.test(v.replace(/[\r\n\t]/g, '')), 'must not contain control characters other than line breaks');

export const AlertActionBodySchema = z.object({ comment: AlertCommentSchema });

/** Why an AlertChanged event was sent. */
export const ALERT_CHANGES = ['raised', 'updated', 'acknowledged', 'reescalated', 'escalated', 'resolved', 'notification'] as const;
export type AlertChange = (typeof ALERT_CHANGES)[number];
