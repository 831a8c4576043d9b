import type { HealthState, SensorHealth } from '../contracts/live.ts';
import type { Sensor } from '../contracts/registry.ts';
import type { Reading } from '../contracts/telemetry.ts';

/** Stale after this many expected intervals without data; offline after OFFLINE_AFTER. */
export const STALE_AFTER_INTERVALS = 3;
export const OFFLINE_AFTER_INTERVALS = 10;
const RATE_WINDOW_MS = 5 * 60_000;

/** Pure: a sensor's state from when it was last heard of and whether its gateway said goodbye. */
export function healthState(lastSeen: number | null, now: number, expectedIntervalS: number, gatewayOffline: boolean): HealthState {
  if (gatewayOffline) return 'offline';
  if (lastSeen === null) return 'unknown';
  const silentMs = now - lastSeen;
  if (silentMs > OFFLINE_AFTER_INTERVALS * expectedIntervalS * 1000) return 'offline';
  if (silentMs > STALE_AFTER_INTERVALS * expectedIntervalS * 1000) return 'stale';
  return 'online';
}

interface Tracked {
  readonly sensor: Sensor;
  lastSeen: number | null;
  /** Receive times within the rate window, oldest first; bounded by the window. */
  arrivals: number[];
  batteryPct: number | null;
  rssiDbm: number | null;
  state: HealthState;
}

/**
 * Tracks each sensor's last contact, message rate, battery and signal, and decides its state.
 * `observe` runs on every reading (cheap); `sweep` runs every few seconds and reports state changes
 * that happen through silence alone.
 */
export class SensorHealthTracker {
  readonly #tracked = new Map<string, Tracked>();
  readonly #offlineGateways = new Set<string>();

  constructor(sensors: Iterable<Sensor>) {
    for (const sensor of sensors) {
      this.#tracked.set(sensor.id, { sensor, lastSeen: null, arrivals: [], batteryPct: null, rssiDbm: null, state: 'unknown' });
    }
  }

  /** Records a reading; returns true when the sensor's state changed. */
  observe(reading: Reading): boolean {
    const t = this.#tracked.get(reading.sensorId);
    if (!t) return false;
    const at = reading.receivedAt;
    if (t.lastSeen === null || at >= t.lastSeen) t.lastSeen = at;
    t.arrivals.push(at);
    if (t.arrivals.length > 64 || (t.arrivals[0] ?? at) < at - RATE_WINDOW_MS) {
      t.arrivals = t.arrivals.filter((a) => a >= at - RATE_WINDOW_MS);
    }
    const battery = reading.metrics.battery_pct;
    if (battery !== undefined) t.batteryPct = battery;
    const rssi = reading.metrics.rssi_dbm;
    if (rssi !== undefined) t.rssiDbm = rssi;
    // A message from a gateway is proof it is back, even before its retained "online" arrives.
    this.#offlineGateways.delete(t.sensor.gatewayId);
    return this.#update(t, at);
  }

  /** Seeds last contact from the store at start-up, so a restart does not make every sensor unknown. */
  restore(sensorId: string, lastSeen: number, now: number): void {
    const t = this.#tracked.get(sensorId);
    if (!t || (t.lastSeen !== null && t.lastSeen >= lastSeen)) return;
    t.lastSeen = lastSeen;
    this.#update(t, now);
  }

  /** A gateway's status message (its last will says offline). Returns the sensors whose state changed. */
  setGatewayOnline(gatewayId: string, online: boolean, now: number): string[] {
    if (online) this.#offlineGateways.delete(gatewayId);
    else this.#offlineGateways.add(gatewayId);
    const changed: string[] = [];
    for (const t of this.#tracked.values()) {
      if (t.sensor.gatewayId === gatewayId && this.#update(t, now)) changed.push(t.sensor.id);
    }
    return changed;
  }

  /** Re-evaluates every sensor against the clock; returns the ids whose state changed. */
  sweep(now: number): string[] {
    const changed: string[] = [];
    for (const t of this.#tracked.values()) if (this.#update(t, now)) changed.push(t.sensor.id);
    return changed;
  }

  health(sensorId: string, now: number): SensorHealth {
    const t = this.#tracked.get(sensorId);
    if (!t) return { state: 'unknown', lastSeen: null, ratePerMin: 0, batteryPct: null, rssiDbm: null };
    const recent = t.arrivals.filter((a) => a >= now - RATE_WINDOW_MS).length;
    return {
      state: t.state,
      lastSeen: t.lastSeen,
      ratePerMin: Math.round((recent / (RATE_WINDOW_MS / 60_000)) * 10) / 10,
      batteryPct: t.batteryPct,
      rssiDbm: t.rssiDbm,
    };
  }

  #update(t: Tracked, now: number): boolean {
    const next = healthState(t.lastSeen, now, t.sensor.expectedIntervalS, this.#offlineGateways.has(t.sensor.gatewayId));
    if (next === t.state) return false;
    t.state = next;
    return true;
  }
}
