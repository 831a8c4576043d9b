import type { ScenarioEvent } from '../scenario/scenario-schema.ts';
import { parseDurationMs } from '../time/relative-time.ts';

/** Device and network faults from a scenario, with times resolved to epoch ms. */
export type Fault =
  | { readonly kind: 'dropout'; readonly sensorIds: ReadonlySet<string>; readonly fromMs: number; readonly toMs: number }
  | {
      readonly kind: 'packet-loss';
      readonly sensorIds: ReadonlySet<string> | null;
      readonly gatewayId: string | null;
      readonly probability: number;
      readonly fromMs: number;
      readonly toMs: number;
    }
  | { readonly kind: 'stuck'; readonly sensorId: string; readonly metrics: readonly string[] | null; readonly fromMs: number; readonly toMs: number }
  | {
      readonly kind: 'spike';
      readonly id: number;
      readonly sensorId: string;
      readonly fromMs: number;
      /** Null: the first reading at or after fromMs only. */
      readonly toMs: number | null;
      readonly metrics: Readonly<Record<string, number | boolean>>;
    }
  | { readonly kind: 'low-battery'; readonly sensorId: string; readonly fromMs: number; readonly overMs: number; readonly fromPct: number | null; readonly toPct: number }
  | { readonly kind: 'gateway-outage'; readonly gatewayId: string; readonly fromMs: number; readonly toMs: number; readonly catchUp: boolean };

export function resolveFaults(events: readonly ScenarioEvent[], at: (text: string) => number): Fault[] {
  const faults: Fault[] = [];
  events.forEach((event, id) => {
    switch (event.type) {
      case 'dropout':
        faults.push({ kind: 'dropout', sensorIds: new Set(event.sensorIds), fromMs: at(event.from), toMs: at(event.to) });
        break;
      case 'packet-loss':
        faults.push({
          kind: 'packet-loss',
          sensorIds: event.sensorIds ? new Set(event.sensorIds) : null,
          gatewayId: event.gatewayId ?? null,
          probability: event.probability,
          fromMs: event.from ? at(event.from) : -Infinity,
          toMs: event.to ? at(event.to) : Infinity,
        });
        break;
      case 'stuck':
        faults.push({ kind: 'stuck', sensorId: event.sensorId, metrics: event.metrics ?? null, fromMs: at(event.from), toMs: at(event.to) });
        break;
      case 'spike': {
        const fromMs = at(event.at);
        const duration = event.duration === undefined ? null : parseDurationMs(event.duration);
        faults.push({ kind: 'spike', id, sensorId: event.sensorId, fromMs, toMs: duration === null ? null : fromMs + duration, metrics: event.metrics });
        break;
      }
      case 'low-battery':
        faults.push({
          kind: 'low-battery',
          sensorId: event.sensorId,
          fromMs: at(event.from),
          overMs: parseDurationMs(event.over) ?? 0,
          fromPct: event.fromPct ?? null,
          toPct: event.toPct,
        });
        break;
      case 'gateway-outage':
        faults.push({ kind: 'gateway-outage', gatewayId: event.gatewayId, fromMs: at(event.from), toMs: at(event.to), catchUp: event.catchUp ?? false });
        break;
      case 'storm':
      case 'river-flood-wave':
      case 'fire':
        break;
    }
  });
  return faults;
}

const within = (atMs: number, from: number, to: number): boolean => atMs >= from && atMs < to;

export function isDroppedOut(faults: readonly Fault[], sensorId: string, atMs: number): boolean {
  return faults.some((f) => f.kind === 'dropout' && f.sensorIds.has(sensorId) && within(atMs, f.fromMs, f.toMs));
}

/** Probability that a message sent now never arrives. */
export function lossProbability(faults: readonly Fault[], sensorId: string, gatewayId: string, atMs: number): number {
  let keep = 1;
  for (const f of faults) {
    if (f.kind !== 'packet-loss' || !within(atMs, f.fromMs, f.toMs)) continue;
    const applies = f.sensorIds !== null ? f.sensorIds.has(sensorId) : f.gatewayId !== null ? f.gatewayId === gatewayId : true;
    if (applies) keep *= 1 - f.probability;
  }
  return 1 - keep;
}

export function activeOutage(faults: readonly Fault[], gatewayId: string, atMs: number): Extract<Fault, { kind: 'gateway-outage' }> | null {
  for (const f of faults) if (f.kind === 'gateway-outage' && f.gatewayId === gatewayId && within(atMs, f.fromMs, f.toMs)) return f;
  return null;
}

export function activeStuck(faults: readonly Fault[], sensorId: string, atMs: number): Extract<Fault, { kind: 'stuck' }> | null {
  for (const f of faults) if (f.kind === 'stuck' && f.sensorId === sensorId && within(atMs, f.fromMs, f.toMs)) return f;
  return null;
}

/** Battery charge under a low-battery fault, or null when no such fault has begun. */
export function faultyBatteryPct(faults: readonly Fault[], sensorId: string, atMs: number, normalAt: (atMs: number) => number): number | null {
  for (const f of faults) {
    if (f.kind !== 'low-battery' || f.sensorId !== sensorId || atMs < f.fromMs) continue;
    const from = f.fromPct ?? normalAt(f.fromMs);
    const progress = f.overMs <= 0 ? 1 : Math.min(1, (atMs - f.fromMs) / f.overMs);
    return Math.round(from + (f.toPct - from) * progress);
  }
  return null;
}
