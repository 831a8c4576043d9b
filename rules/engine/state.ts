/**
 * The engine's memory, plain JSON so the server can persist it across restarts: when each sensor was last
 * heard, and per rule one slot per subject (pending `for` timers, the active alert, the condition's own
 * data such as sample windows and FWI moisture codes).
 */
import type { CapCertainty, CapSeverity } from './cap-vocabulary.ts';

export const ENGINE_STATE_VERSION = 1;

export interface ActiveAlert {
  severity: CapSeverity;
  certainty: CapCertainty;
  raisedAt: number;
  value: number;
  peak: number;
  /** The peak last sent in a transition: smaller moves than the rule's peakStep are not worth an update. */
  reportedPeak: number;
  /** Since when the condition has asked for a lower severity (de-escalation dwell); null when it has not. */
  lowerSince: number | null;
  /** The highest severity asked for during that dwell: the one the alert goes down to. */
  lowerSeverity: CapSeverity | null;
  /** Since when the clear condition has held (clear dwell); null when it does not. */
  clearSince: number | null;
  /** The sensors behind a gateway or cluster alert; null for a single-sensor alert. */
  sensorIds: string[] | null;
}

/** One rule × one subject. */
export interface Slot<D = unknown> {
  /** Newest evaluation time seen: evaluation time never goes backwards for a slot. */
  t: number;
  /** Since when the raise condition has held while no alert is active (`for` duration). */
  pendingSince: number | null;
  alert: ActiveAlert | null;
  /** The condition's own memory (sample window, moisture codes); null when it keeps none. */
  data: D | null;
}

export interface RuleState {
  /** Sensor and gauge subjects, by sensor id. */
  sensors: Record<string, Slot>;
  /** Gateway subjects (gateway down), by gateway id. */
  gateways: Record<string, Slot>;
  /** Village subjects (corroborated fire), by village id. */
  villages: Record<string, Slot>;
  /** Memory shared by all subjects of the rule (the fire-detection grid of a correlation rule). */
  shared: unknown;
}

export interface EngineState {
  version: typeof ENGINE_STATE_VERSION;
  /** Time of the first tick: sensors never heard since count as silent from here. */
  since: number | null;
  /** Engine time of the newest reading per sensor. */
  lastSeen: Record<string, number>;
  /** Engine time of the newest reading per gateway (from any of its sensors). */
  gatewayLastSeen: Record<string, number>;
  rules: Record<string, RuleState>;
}

/** A record without a prototype, so a sensor called "constructor" is just a key. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

export function createEngineState(): EngineState {
  return {
    version: ENGINE_STATE_VERSION,
    since: null,
    lastSeen: emptyRecord(),
    gatewayLastSeen: emptyRecord(),
    rules: emptyRecord(),
  };
}

export function createSlot<D>(t: number, data: D | null): Slot<D> {
  return { t, pendingSince: null, alert: null, data };
}

export function ruleStateOf(state: EngineState, ruleId: string): RuleState {
  let rs = state.rules[ruleId];
  if (rs === undefined) {
    rs = { sensors: emptyRecord(), gateways: emptyRecord(), villages: emptyRecord(), shared: null };
    state.rules[ruleId] = rs;
  }
  return rs;
}
