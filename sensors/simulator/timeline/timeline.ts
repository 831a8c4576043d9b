import { MAX_READINGS_PER_BATCH } from '../../../server/contracts/telemetry.ts';
import type { Sensor } from '../../../server/contracts/registry.ts';
import { activeOutage, isDroppedOut, lossProbability } from '../devices/faults.ts';
import { unitFromKey } from '../random/seeded-random.ts';
import { MS } from '../time/relative-time.ts';
import type { World } from '../world/world.ts';
import { faultyReading } from './faulty-reading.ts';
import { MinHeap } from './min-heap.ts';
import type { SimEvent, TimedReading } from './sim-event.ts';

type Due =
  | { readonly atMs: number; readonly order: number; readonly kind: 'report' | 'smoke-check'; readonly sensor: Sensor }
  | { readonly atMs: number; readonly order: number; readonly kind: 'gateway-down' | 'gateway-up'; readonly gatewayId: string };

/** How often a fire sensor samples its gas sensors between reports, to send at once on smoke. */
export const SMOKE_CHECK_MS = MS.m;
/** Every sensor reports once within this time of the start, so a fresh map fills at once. */
const FIRST_REPORT_WINDOW_MS = 2 * MS.s;

/**
 * The run as an ordered stream of events. Stateful only where devices are (frame counters, what a fire
 * sensor last reported, what a gateway holds while offline); the values come from the pure generators,
 * so a scenario and seed always produce the same stream.
 */
export class Timeline {
  readonly #world: World;
  readonly #queue = new MinHeap<Due>((a, b) => a.atMs < b.atMs || (a.atMs === b.atMs && a.order < b.order));
  #order = 0;
  readonly #frameCounter = new Map<string, number>();
  readonly #lastSchedule = new Map<string, number>();
  readonly #lastSmoke = new Map<string, boolean>();
  readonly #consumedSpikes = new Set<number>();
  readonly #held = new Map<string, TimedReading[]>();

  constructor(world: World) {
    this.#world = world;
    const { startMs, seed } = world;
    for (const sensor of world.sensors) {
      const interval = world.intervalMs(sensor.id);
      this.#frameCounter.set(sensor.id, Math.floor(unitFromKey(seed, 'fcnt', sensor.id) * 5000));
      this.#push({ kind: 'report', sensor, atMs: startMs + Math.floor(unitFromKey(seed, 'first', sensor.id) * Math.min(interval, FIRST_REPORT_WINDOW_MS)), order: 0 });
      if (sensor.kind === 'fire_sensor' && this.#mayDetectSmoke(sensor)) {
        this.#push({ kind: 'smoke-check', sensor, atMs: startMs + world.phaseMs(sensor.id) % SMOKE_CHECK_MS, order: 0 });
      }
    }
    for (const fault of world.faults) {
      if (fault.kind !== 'gateway-outage' || !world.gatewayById.has(fault.gatewayId)) continue;
      this.#push({ kind: 'gateway-down', gatewayId: fault.gatewayId, atMs: fault.fromMs, order: 0 });
      this.#push({ kind: 'gateway-up', gatewayId: fault.gatewayId, atMs: fault.toMs, order: 0 });
    }
  }

  /** Simulated time of the next thing that may happen; null when the run is over. */
  nextAtMs(): number | null {
    const next = this.#queue.peek();
    if (next === undefined) return null;
    if (this.#world.endMs !== null && next.atMs > this.#world.endMs) return null;
    return next.atMs;
  }

  /** Everything that happens up to and including `untilMs`, in order. */
  advanceTo(untilMs: number): SimEvent[] {
    const events: SimEvent[] = [];
    for (;;) {
      const at = this.nextAtMs();
      if (at === null || at > untilMs) return events;
      const due = this.#queue.pop() as Due;
      this.#handle(due, events);
    }
  }

  /** The whole run at once (needs a duration): for tests and dry runs. */
  *all(): Generator<SimEvent> {
    if (this.#world.endMs === null) throw new Error('the scenario has no duration: iterate with advanceTo');
    for (;;) {
      const at = this.nextAtMs();
      if (at === null) return;
      yield* this.advanceTo(at);
    }
  }

  #push(due: Due): void {
    this.#queue.push({ ...due, order: this.#order++ });
  }

  #mayDetectSmoke(sensor: Sensor): boolean {
    return this.#world.fires.length > 0 || this.#world.faults.some((f) => f.kind === 'spike' && f.sensorId === sensor.id && 'smoke' in f.metrics);
  }

  #handle(due: Due, events: SimEvent[]): void {
    switch (due.kind) {
      case 'gateway-down':
        events.push({ kind: 'gateway-down', atMs: due.atMs, gatewayId: due.gatewayId });
        return;
      case 'gateway-up':
        events.push({ kind: 'gateway-up', atMs: due.atMs, gatewayId: due.gatewayId });
        this.#releaseHeld(due.gatewayId, due.atMs, events);
        return;
      case 'report': {
        const interval = this.#world.intervalMs(due.sensor.id);
        // After the first report, the sensor settles into its own phase within the interval.
        const first = !this.#lastSchedule.has(due.sensor.id);
        const next = first ? this.#world.startMs + this.#world.phaseMs(due.sensor.id) + interval : due.atMs + interval;
        this.#push({ kind: 'report', sensor: due.sensor, atMs: next, order: 0 });
        const since = due.atMs - (this.#lastSchedule.get(due.sensor.id) ?? due.atMs - interval);
        this.#lastSchedule.set(due.sensor.id, due.atMs);
        this.#transmit(due.sensor, due.atMs, since, false, events);
        return;
      }
      case 'smoke-check':
        this.#push({ kind: 'smoke-check', sensor: due.sensor, atMs: due.atMs + SMOKE_CHECK_MS, order: 0 });
        this.#transmit(due.sensor, due.atMs, due.atMs - (this.#lastSchedule.get(due.sensor.id) ?? due.atMs), true, events);
        return;
    }
  }

  /** The device measures and sends; the network may lose it. Alarm checks send only when smoke changed. */
  #transmit(sensor: Sensor, atMs: number, sinceLastMs: number, alarmCheck: boolean, events: SimEvent[]): void {
    const world = this.#world;
    if (isDroppedOut(world.faults, sensor.id, atMs)) return;
    const { metrics, usedSpikes } = faultyReading(world, sensor, atMs, sinceLastMs, this.#consumedSpikes);
    const smoke = metrics.smoke === true;
    if (alarmCheck && smoke === (this.#lastSmoke.get(sensor.id) ?? false)) return;
    this.#lastSmoke.set(sensor.id, smoke);
    for (const id of usedSpikes) this.#consumedSpikes.add(id);
    const frameCounter = (this.#frameCounter.get(sensor.id) ?? 0) + 1;
    this.#frameCounter.set(sensor.id, frameCounter);

    const gatewayId = sensor.gatewayId;
    const outage = activeOutage(world.faults, gatewayId, atMs);
    if (outage !== null) {
      if (outage.catchUp) {
        const held = this.#held.get(sensor.id) ?? [];
        held.push({ atMs, metrics });
        this.#held.set(sensor.id, held);
      } else {
        events.push({ kind: 'lost', atMs, sensorId: sensor.id, gatewayId, reason: 'gateway-outage' });
      }
      return;
    }
    if (unitFromKey(world.seed, 'loss', sensor.id, atMs) < lossProbability(world.faults, sensor.id, gatewayId, atMs)) {
      events.push({ kind: 'lost', atMs, sensorId: sensor.id, gatewayId, reason: 'packet-loss' });
      return;
    }
    events.push({ kind: 'reading', atMs, sensorId: sensor.id, gatewayId, metrics, frameCounter, alarm: alarmCheck });
  }

  /** A native gateway back online sends what it kept, one batch per sensor (the contract's batch form). */
  #releaseHeld(gatewayId: string, atMs: number, events: SimEvent[]): void {
    for (const sensor of this.#world.sensors) {
      if (sensor.gatewayId !== gatewayId) continue;
      const held = this.#held.get(sensor.id);
      if (held === undefined || held.length === 0) continue;
      this.#held.delete(sensor.id);
      for (let i = 0; i < held.length; i += MAX_READINGS_PER_BATCH) {
        events.push({ kind: 'catch-up', atMs, sensorId: sensor.id, gatewayId, readings: held.slice(i, i + MAX_READINGS_PER_BATCH) });
      }
    }
  }
}
