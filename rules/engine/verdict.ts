import type { CapCertainty, CapSeverity } from './cap-vocabulary.ts';

/**
 * What a condition says about one subject at one moment:
 * - `fire`: the raise condition holds, at `severity`;
 * - `hold`: between the raise and the clear condition (hysteresis band, or above a level but not rising):
 *   an active alert stays, at most at `severity`; nothing new is raised;
 * - `clear`: the clear condition holds.
 */
export type VerdictKind = 'fire' | 'hold' | 'clear';

export interface Verdict {
  kind: VerdictKind;
  severity: CapSeverity;
  /** null: the rule's certainty. */
  certainty: CapCertainty | null;
  /** The value the decision was made on, in the condition's unit. */
  value: number;
  /** The level `value` was compared with, for the message; NaN when none. */
  limit: number;
  /** The trend per hour, for the message; NaN when unknown. */
  ratePerHour: number;
}

/** One scratch verdict reused across calls: the hot path allocates nothing per reading. */
export function createVerdict(): Verdict {
  return { kind: 'clear', severity: 'Minor', certainty: null, value: NaN, limit: NaN, ratePerHour: NaN };
}

export function setVerdict(
  out: Verdict,
  kind: VerdictKind,
  severity: CapSeverity,
  value: number,
  limit = NaN,
  ratePerHour = NaN,
): void {
  out.kind = kind;
  out.severity = severity;
  out.certainty = null;
  out.value = value;
  out.limit = limit;
  out.ratePerHour = ratePerHour;
}
