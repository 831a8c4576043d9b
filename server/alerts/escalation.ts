/**
 * Escalation until acknowledged (DOMAIN.md §4): a firing alert is notified to the first level when it
 * is raised; left unacknowledged for N minutes (N by severity) it is notified again one level up, and
 * once at the top it is repeated there every N minutes until someone acknowledges or it resolves.
 * Pure: the scheduler asks, the notifier sends.
 */
import type { CapSeverity } from '../../rules/engine/cap-vocabulary.ts';
import type { AlertRecord } from './alert-record.ts';

/** Level 0 is told first; each level up is someone with more authority. */
export const ESCALATION_LEVEL_NAMES = ['duty officer', 'head of civil protection', 'mayor'] as const;
export const ESCALATION_LEVELS = ESCALATION_LEVEL_NAMES.length;

export function levelName(level: number): string {
  return ESCALATION_LEVEL_NAMES[level] ?? `level ${level}`;
}

export interface EscalationPolicy {
  /** Minutes a firing alert of this severity may stay unacknowledged before the next level is told. */
  readonly afterMinutes: Readonly<Record<CapSeverity, number>>;
  /** The levels that have at least one recipient, ascending; empty: nobody is notified. */
  readonly levels: readonly number[];
}

export function firstLevel(policy: EscalationPolicy): number | null {
  return policy.levels[0] ?? null;
}

/** The next level with recipients above `current`; at the top, the top again (a reminder). */
export function nextLevel(policy: EscalationPolicy, current: number): number | null {
  for (const level of policy.levels) if (level > current) return level;
  return policy.levels[policy.levels.length - 1] ?? null;
}

/** The level a "tell them it got worse" goes to: the one reached so far, or the first. */
export function currentLevel(policy: EscalationPolicy, reached: number): number | null {
  if (reached < 0) return firstLevel(policy);
  let best: number | null = null;
  for (const level of policy.levels) if (level <= reached) best = level;
  return best ?? firstLevel(policy);
}

export type EscalationFacts = Pick<AlertRecord, 'state' | 'severity' | 'escalationLevel' | 'escalationSince' | 'lastNotifiedAt'>;

export interface EscalationDue {
  readonly at: number;
  readonly level: number;
}

/** When the alert is next to be notified and to whom; null when it is not firing or nobody is configured. */
export function nextEscalation(alert: EscalationFacts, policy: EscalationPolicy): EscalationDue | null {
  if (alert.state !== 'firing') return null;
  const first = firstLevel(policy);
  if (first === null) return null;
  // Never notified (nobody was configured at the raise, or it was lost in a restart): tell the first level now.
  if (alert.escalationLevel < 0 || alert.lastNotifiedAt === null) return { at: alert.escalationSince, level: first };
  const level = nextLevel(policy, alert.escalationLevel);
  if (level === null) return null;
  return { at: alert.lastNotifiedAt + policy.afterMinutes[alert.severity] * 60_000, level };
}

export function dueEscalations<A extends EscalationFacts>(alerts: Iterable<A>, policy: EscalationPolicy, now: number): { alert: A; level: number }[] {
  const due: { alert: A; level: number }[] = [];
  for (const alert of alerts) {
    const next = nextEscalation(alert, policy);
    if (next !== null && next.at <= now) due.push({ alert, level: next.level });
  }
  return due;
}
