import type { Sensor } from './registry.ts';
import type { MachineView } from './machinery.ts';
import type { DispatchView } from './dispatch.ts';
import type { AlertView } from './alerts.ts';

/**
 * The WebSocket `/ws` protocol. The server sends one `snapshot`, then deltas whose `seq` increases by
 * one per message on that connection. A client that sees a gap (or reconnects) asks for a new snapshot
 * by reconnecting. Sensor deltas are coalesced per sensor: a slow client gets the newest state of each
 * sensor, never a queue of every intermediate value.
 */

export const HEALTH_STATES = ['unknown', 'online', 'stale', 'offline'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

export interface SensorHealth {
  readonly state: HealthState;
  /** Receive time of the newest message, epoch ms. */
  readonly lastSeen: number | null;
  /** Messages per minute over the last few minutes. */
  readonly ratePerMin: number;
  readonly batteryPct: number | null;
  readonly rssiDbm: number | null;
}

/** A sensor as the dashboard shows it: registry record, newest values, health. */
export interface SensorView extends Sensor {
  /** Newest value of each metric. */
  readonly metrics: Readonly<Record<string, number>>;
  /** Measurement time of the newest reading, epoch ms. */
  readonly metricsTs: number | null;
  readonly health: SensorHealth;
  /** Highest severity among this sensor's active alerts, for colouring the map; null when none. */
  readonly alertSeverity: string | null;
}

export interface SnapshotMessage {
  readonly type: 'snapshot';
  readonly seq: number;
  /** Server time when the snapshot was taken, epoch ms, so the client can correct for clock skew. */
  readonly serverTime: number;
  readonly sensors: readonly SensorView[];
  /** Every machine of the contractor registry with its status and position. */
  readonly machines: readonly MachineView[];
  /** Dispatches not yet declined, released or cancelled. */
  readonly dispatches: readonly DispatchView[];
  /** Open (firing and acknowledged) alerts. */
  readonly alerts: readonly AlertView[];
}

export interface SensorDeltaMessage {
  readonly type: 'sensor';
  readonly seq: number;
  readonly serverTime: number;
  readonly sensor: SensorView;
}

/** A machine changed (status, position, record); `machine` is null when it was deleted. Coalesced per machine. */
export interface MachineDeltaMessage {
  readonly type: 'machine';
  readonly seq: number;
  readonly serverTime: number;
  readonly machineId: string;
  readonly machine: MachineView | null;
}

/** A dispatch changed; a closed one (declined, released, cancelled) leaves the open set. Coalesced per dispatch. */
export interface DispatchDeltaMessage {
  readonly type: 'dispatch';
  readonly seq: number;
  readonly serverTime: number;
  readonly dispatchId: string;
  readonly dispatch: DispatchView;
}

/**
 * An alert was raised or changed (severity, acknowledgement, escalation, notification failures) or
 * resolved (`alert.state` is `resolved`: drop it from the open set). Sent at once, not coalesced by timer.
 */
export interface AlertDeltaMessage {
  readonly type: 'alert';
  readonly seq: number;
  readonly serverTime: number;
  readonly alert: AlertView;
}

/** Sent every few seconds when nothing else is, so a client can tell a quiet network from a dead link. */
export interface HeartbeatMessage {
  readonly type: 'heartbeat';
  readonly seq: number;
  readonly serverTime: number;
}

export type ServerMessage = SnapshotMessage | SensorDeltaMessage | MachineDeltaMessage | DispatchDeltaMessage | AlertDeltaMessage | HeartbeatMessage;

/** The close code a dashboard's live socket gets when its kiosk link, API token or session stops being valid. */
export const CLOSE_CREDENTIAL_ENDED = 4401;
