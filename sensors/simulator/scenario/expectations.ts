import type { SimEvent } from '../timeline/sim-event.ts';
import { formatOffset, resolveScenarioTime } from '../time/relative-time.ts';
import type { World } from '../world/world.ts';

/** One published reading, flattened (catch-up batches included), booleans as 1/0 as the server stores them. */
export interface PublishedReading {
  readonly atMs: number;
  readonly sensorId: string;
  readonly metrics: Readonly<Record<string, number>>;
}

export function publishedReadings(events: Iterable<SimEvent>): PublishedReading[] {
  const out: PublishedReading[] = [];
  const numeric = (m: Readonly<Record<string, number | boolean>>): Record<string, number> =>
    Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === 'boolean' ? (v ? 1 : 0) : v]));
  for (const e of events) {
    if (e.kind === 'reading') out.push({ atMs: e.atMs, sensorId: e.sensorId, metrics: numeric(e.metrics) });
    else if (e.kind === 'catch-up') for (const r of e.readings) out.push({ atMs: r.atMs, sensorId: e.sensorId, metrics: numeric(r.metrics) });
  }
  return out.sort((a, b) => a.atMs - b.atMs);
}

/** A threshold crossed from below (`above`) or from above (`below`). */
export type Threshold = { readonly above: number } | { readonly below: number };

/** First time a sensor's published metric is beyond the threshold; null if never. */
export function firstCrossing(readings: readonly PublishedReading[], sensorId: string, metric: string, threshold: Threshold): number | null {
  for (const r of readings) {
    const v = r.metrics[metric];
    if (r.sensorId !== sensorId || v === undefined) continue;
    if ('above' in threshold ? v > threshold.above : v < threshold.below) return r.atMs;
  }
  return null;
}

function describe(threshold: Threshold): string {
  return 'above' in threshold ? `exceeds ${threshold.above}` : `falls below ${threshold.below}`;
}

/**
 * Checks the scenario's own expectations (its documented timeline) against what it publishes.
 * Returns one sentence per unmet expectation; empty when the scenario behaves as documented.
 */
export function unmetExpectations(world: World, readings: readonly PublishedReading[]): string[] {
  const problems: string[] = [];
  const expectations = world.scenario.expectations;
  if (expectations === undefined) return problems;
  const at = (text: string): number => resolveScenarioTime(text, world.startMs);
  const offset = (ms: number): string => formatOffset(ms - world.startMs);

  for (const c of expectations.crossings ?? []) {
    const threshold: Threshold = c.above !== undefined ? { above: c.above } : { below: c.below ?? 0 };
    const first = firstCrossing(readings, c.sensorId, c.metric, threshold);
    if (first === null) problems.push(`${c.sensorId} ${c.metric} never ${describe(threshold)} (expected between ${c.after} and ${c.before})`);
    else if (first < at(c.after) || first > at(c.before)) {
      problems.push(`${c.sensorId} ${c.metric} first ${describe(threshold)} at ${offset(first)}, expected between ${c.after} and ${c.before}`);
    }
  }

  for (const b of expectations.bounds ?? []) {
    const sensors = world.sensors.filter(
      (s) => (b.sensorIds?.includes(s.id) ?? true) && (b.kinds?.includes(s.kind) ?? true) && !(b.exceptSensorIds?.includes(s.id) ?? false),
    );
    const ids = new Set(sensors.map((s) => s.id));
    for (const r of readings) {
      const v = r.metrics[b.metric];
      if (!ids.has(r.sensorId) || v === undefined) continue;
      if (b.max !== undefined && v > b.max) {
        problems.push(`${r.sensorId} ${b.metric} = ${v} at ${offset(r.atMs)}, above the bound ${b.max}${b.note ? ` (${b.note})` : ''}`);
        ids.delete(r.sensorId);
      } else if (b.min !== undefined && v < b.min) {
        problems.push(`${r.sensorId} ${b.metric} = ${v} at ${offset(r.atMs)}, below the bound ${b.min}${b.note ? ` (${b.note})` : ''}`);
        ids.delete(r.sensorId);
      }
    }
  }

  for (const o of expectations.order ?? []) {
    const times = o.sensorIds.map((id) => ({ id, at: firstCrossing(readings, id, o.metric, { above: o.above }) }));
    const missing = times.filter((t) => t.at === null).map((t) => t.id);
    if (missing.length > 0) {
      problems.push(`${missing.join(', ')}: ${o.metric} never exceeds ${o.above}, so the order ${o.sensorIds.join(' → ')} cannot be checked`);
      continue;
    }
    for (let i = 1; i < times.length; i++) {
      const previous = times[i - 1];
      const current = times[i];
      if (previous && current && (current.at ?? 0) < (previous.at ?? 0)) {
        problems.push(`${current.id} exceeds ${o.metric} ${o.above} at ${offset(current.at ?? 0)}, before ${previous.id} (${offset(previous.at ?? 0)})`);
      }
    }
  }
  return problems;
}
