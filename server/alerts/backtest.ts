/**
 * Backtest: stored history replayed through a draft rule set, in time order, with the engine's
 * periodic tick on data time. What it would have raised is summarised per rule and subject as
 * episodes (raised, worst severity, peak, cleared). Pure: the script reads the stores and prints.
 */
import { compareSeverity, createEngineState, createRuleEngine, type CapSeverity, type LocalTime, type Rule } from '../../rules/index.ts';
import type { AlertSubject, AlertTransition, RuleSensor } from '../../rules/engine/types.ts';

export interface StoredPoint {
  readonly ts: number;
  readonly value: number;
}

export interface ReplayReading {
  readonly sensorId: string;
  readonly ts: number;
  readonly metrics: Record<string, number>;
}

export interface Episode {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly subject: AlertSubject;
  readonly raisedAt: number;
  /** The worst severity during the episode. */
  severity: CapSeverity;
  peak: number;
  readonly unit: string;
  /** Null when still active at the end of the replay. */
  clearedAt: number | null;
  transitions: number;
}

export interface ReplayResult {
  readonly episodes: Episode[];
  readonly readings: number;
  readonly transitions: number;
}

/**
 * Points of one sensor's metrics stored separately, merged back into readings: points at the same
 * time (one message) form one reading. The result is in time order across all sensors.
 */
export function mergeIntoReadings(series: Iterable<{ readonly sensorId: string; readonly metric: string; readonly points: readonly StoredPoint[] }>): ReplayReading[] {
  const bySensor = new Map<string, Map<number, Record<string, number>>>();
  for (const s of series) {
    let byTs = bySensor.get(s.sensorId);
    if (byTs === undefined) {
      byTs = new Map();
      bySensor.set(s.sensorId, byTs);
    }
    for (const p of s.points) {
      let metrics = byTs.get(p.ts);
      if (metrics === undefined) {
        metrics = {};
        byTs.set(p.ts, metrics);
      }
      metrics[s.metric] = p.value;
    }
  }
  const readings: ReplayReading[] = [];
  for (const [sensorId, byTs] of bySensor) for (const [ts, metrics] of byTs) readings.push({ sensorId, ts, metrics });
  return readings.sort((a, b) => a.ts - b.ts || (a.sensorId < b.sensorId ? -1 : a.sensorId > b.sensorId ? 1 : 0));
}

export interface ReplayOptions {
  readonly localTime: LocalTime;
  readonly tickMs: number;
  /** Replay window; ticks run from `from` to `to`, so silence at the end is judged too. */
  readonly from: number;
  readonly to: number;
}

export function replay(rules: readonly Rule[], readings: readonly ReplayReading[], sensors: readonly RuleSensor[], o: ReplayOptions): ReplayResult {
  const engine = createRuleEngine(rules, { localTime: o.localTime });
  const state = createEngineState();
  const byId = new Map(sensors.map((s) => [s.id, s]));
  const open = new Map<string, Episode>();
  const episodes: Episode[] = [];
  let transitions = 0;
  let evaluated = 0;
  const apply = (ts: readonly AlertTransition[]): void => {
    for (const t of ts) {
      transitions++;
      const key = `${t.ruleId}\u0000${t.subject.type}\u0000${t.subject.id}`;
      let e = open.get(key);
      if (e === undefined) {
        e = { ruleId: t.ruleId, ruleName: t.ruleName, subject: t.subject, raisedAt: t.observedAt, severity: t.severity, peak: t.peak, unit: t.unit, clearedAt: null, transitions: 0 };
        open.set(key, e);
        episodes.push(e);
      }
      e.transitions++;
      if (compareSeverity(t.severity, e.severity) > 0) e.severity = t.severity;
      e.peak = t.peak;
      if (t.kind === 'clear') {
        e.clearedAt = t.observedAt;
        open.delete(key);
      }
    }
  };
  let nextTick = o.from;
  for (const r of readings) {
    while (nextTick <= r.ts) {
      apply(engine.tick(state, nextTick, sensors).transitions);
      nextTick += o.tickMs;
    }
    const sensor = byId.get(r.sensorId);
    if (sensor === undefined) continue;
    apply(engine.evaluate(state, r, sensor, r.ts).transitions);
    evaluated++;
  }
  while (nextTick < o.to) {
    apply(engine.tick(state, nextTick, sensors).transitions);
    nextTick += o.tickMs;
  }
  return { episodes, readings: evaluated, transitions };
}
