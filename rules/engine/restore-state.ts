/**
 * Checks persisted engine state back in after a restart: the layout, the version, and each slot's
 * condition data against the rule it belongs to. What does not fit is dropped and reported, never
 * trusted: the worst case is a condition starting over, not a crash on every reading.
 */
import { z } from 'zod';
import { CAP_CERTAINTIES, CAP_SEVERITIES } from './cap-vocabulary.ts';
import type { CompiledRule } from './compile-rule.ts';
import { createEngineState, emptyRecord, ENGINE_STATE_VERSION } from './state.ts';
import type { EngineState, RuleState, Slot } from './state.ts';
import { FireDetectionsSchema } from './conditions/fire-correlation.ts';
import { GatewayPresenceSchema } from './conditions/no-data.ts';

export interface RestoredState {
  readonly state: EngineState;
  /** What was dropped and why, for the server's log. */
  readonly problems: readonly string[];
}

const ActiveAlertSchema = z.strictObject({
  severity: z.enum(CAP_SEVERITIES),
  certainty: z.enum(CAP_CERTAINTIES),
  raisedAt: z.number(),
  value: z.number(),
  peak: z.number(),
  reportedPeak: z.number(),
  lowerSince: z.number().nullable(),
  lowerSeverity: z.enum(CAP_SEVERITIES).nullable(),
  clearSince: z.number().nullable(),
  sensorIds: z.array(z.string()).nullable(),
});

const SlotSchema = z.strictObject({
  t: z.number(),
  pendingSince: z.number().nullable(),
  alert: ActiveAlertSchema.nullable(),
  data: z.unknown(),
});

const SlotsSchema = z.record(z.string(), z.unknown());

const EngineStateLayoutSchema = z.strictObject({
  version: z.number(),
  since: z.number().nullable(),
  lastSeen: z.record(z.string(), z.number()),
  gatewayLastSeen: z.record(z.string(), z.number()),
  rules: z.record(
    z.string(),
    z.strictObject({ sensors: SlotsSchema, gateways: SlotsSchema, villages: SlotsSchema, shared: z.unknown() }),
  ),
});

function toRecord<T>(source: Record<string, T>): Record<string, T> {
  return Object.assign(emptyRecord<T>(), source);
}

function restoreSlots(
  rule: CompiledRule,
  group: string,
  source: Record<string, unknown>,
  problems: string[],
): Record<string, Slot> {
  const slots = emptyRecord<Slot>();
  for (const [key, raw] of Object.entries(source)) {
    const parsed = SlotSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(`rules.${rule.id}.${group}.${key}: not a slot (${parsed.error.issues[0]?.message ?? 'invalid'}); dropped`);
      continue;
    }
    const slot: Slot = { ...parsed.data, data: null };
    const data = parsed.data.data;
    const schema = rule.family === 'sensor' ? rule.condition.dataSchema : null;
    if (schema !== null) {
      const d = schema.safeParse(data);
      if (!d.success) {
        problems.push(`rules.${rule.id}.${group}.${key}.data: does not fit the ${rule.family} condition; dropped`);
        continue;
      }
      slot.data = d.data;
    } else if (data !== null && data !== undefined) {
      problems.push(`rules.${rule.id}.${group}.${key}.data: unexpected for this condition; ignored`);
    }
    slots[key] = slot;
  }
  return slots;
}

export function restoreEngineState(persisted: unknown, rules: readonly CompiledRule[]): RestoredState {
  const problems: string[] = [];
  const layout = EngineStateLayoutSchema.safeParse(persisted);
  if (!layout.success) {
    const issue = layout.error.issues[0];
    problems.push(`engine state is not in the expected layout (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}); starting fresh`);
    return { state: createEngineState(), problems };
  }
  const p = layout.data;
  if (p.version !== ENGINE_STATE_VERSION) {
    problems.push(`engine state version ${p.version} is not ${ENGINE_STATE_VERSION}; starting fresh`);
    return { state: createEngineState(), problems };
  }

  const state = createEngineState();
  state.since = p.since;
  state.lastSeen = toRecord(p.lastSeen);
  state.gatewayLastSeen = toRecord(p.gatewayLastSeen);
  const byId = new Map(rules.map((r) => [r.id, r]));
  for (const [ruleId, rs] of Object.entries(p.rules)) {
    const rule = byId.get(ruleId);
    if (rule === undefined) {
      problems.push(`rules.${ruleId}: no longer in the rule set; its state is dropped`);
      continue;
    }
    const restored: RuleState = {
      sensors: restoreSlots(rule, 'sensors', rs.sensors, problems),
      gateways: restoreSlots(rule, 'gateways', rs.gateways, problems),
      villages: restoreSlots(rule, 'villages', rs.villages, problems),
      shared: null,
    };
    if (rule.family === 'fire_correlation' && rs.shared !== null && rs.shared !== undefined) {
      const shared = FireDetectionsSchema.safeParse(rs.shared);
      if (shared.success) restored.shared = { detections: toRecord(shared.data.detections), cells: toRecord(shared.data.cells) };
      else problems.push(`rules.${ruleId}.shared: not a detection grid; dropped`);
    }
    if (rule.family === 'no_data' && rs.shared !== null && rs.shared !== undefined) {
      // Absent in state written before gateway grace periods (same version: nothing else changed).
      const shared = GatewayPresenceSchema.safeParse(rs.shared);
      if (shared.success) restored.shared = { away: toRecord(shared.data.away), returnedAt: toRecord(shared.data.returnedAt) };
      else problems.push(`rules.${ruleId}.shared: not gateway presence; dropped`);
    }
    state.rules[ruleId] = restored;
  }
  return { state, problems };
}
