import type { StateDb } from '../store/state-store.ts';
import type { DispatchHazard, MachineType } from '../contracts/machinery.ts';
import type { DispatchNotification, DispatchStatus, DispatchStep, DispatchTarget, DispatchView } from '../contracts/dispatch.ts';
import { OPEN_DISPATCH_STATUSES } from '../contracts/dispatch.ts';
import { allowedTransitions } from './dispatch-lifecycle.ts';

interface Row {
  id: string;
  status: string;
  machine_id: string;
  machine_type: string;
  contractor_id: string;
  hourly_rate: number | null;
  target_kind: string;
  target_id: string;
  hazard: string;
  lat: number;
  lon: number;
  village_id: string | null;
  description: string | null;
  target_created_at: number | null;
  note: string | null;
  requested_at: number;
  requested_by: string;
  link_expires_at: number;
  position_lat: number | null;
  position_lon: number | null;
  position_at: number | null;
  updated_at: number;
  plate_or_serial: string;
  contractor_name: string;
}

export interface NewDispatch {
  readonly id: string;
  readonly machineId: string;
  readonly machineType: MachineType;
  readonly contractorId: string;
  readonly hourlyRate: number | null;
  readonly target: DispatchTarget;
  readonly note: string | null;
  readonly requestedAt: number;
  readonly requestedBy: string;
  readonly linkExpiresAt: number;
}

/** A dispatch with what the view leaves out: the hourly rate agreed when it was requested. */
export interface DispatchRecord extends DispatchView {
  readonly hourlyRate: number | null;
}

export interface DispatchQuery {
  readonly open?: boolean;
  readonly from?: number;
  readonly to?: number;
  readonly contractorId?: string;
  readonly villageId?: string;
  readonly machineId?: string;
  readonly target?: { readonly kind: DispatchTarget['kind']; readonly id: string };
  readonly limit?: number;
}

const OPEN_SQL = `(${OPEN_DISPATCH_STATUSES.map((s) => `'${s}'`).join(', ')})`;
const SELECT = `SELECT d.*, m.plate_or_serial, c.name AS contractor_name
  FROM dispatches d JOIN machines m ON m.id = d.machine_id JOIN contractors c ON c.id = d.contractor_id`;

/** Dispatches, their steps and notification attempts in the state store. */
export class DispatchStore {
  readonly #db: StateDb;
  readonly #insert;
  readonly #addStep;
  readonly #setStatus;
  readonly #setPosition;
  readonly #setLinkExpiry;
  readonly #addNotification;
  readonly #get;
  readonly #steps;
  readonly #notifications;
  readonly #openOfMachine;

  constructor(db: StateDb) {
    this.#db = db;
    this.#insert = db.prepare(
      `INSERT INTO dispatches (id, status, machine_id, machine_type, contractor_id, hourly_rate, target_kind, target_id, hazard, lat, lon,
         village_id, description, target_created_at, note, requested_at, requested_by, link_expires_at, updated_at)
       VALUES (@id, 'requested', @machineId, @machineType, @contractorId, @hourlyRate, @targetKind, @targetId, @hazard, @lat, @lon,
         @villageId, @description, @targetCreatedAt, @note, @requestedAt, @requestedBy, @linkExpiresAt, @requestedAt)`,
    );
    this.#addStep = db.prepare<[string, string, number, string, string | null]>('INSERT INTO dispatch_steps (dispatch_id, status, at, by, note) VALUES (?, ?, ?, ?, ?)');
    this.#setStatus = db.prepare<[string, number, string]>('UPDATE dispatches SET status = ?, updated_at = ? WHERE id = ?');
    this.#setPosition = db.prepare<[number, number, number, number, string]>(
      'UPDATE dispatches SET position_lat = ?, position_lon = ?, position_at = ?, updated_at = ? WHERE id = ?',
    );
    this.#setLinkExpiry = db.prepare<[number, number, string]>('UPDATE dispatches SET link_expires_at = ?, updated_at = ? WHERE id = ?');
    this.#addNotification = db.prepare<[string, string, string, string, number, string | null, number]>(
      'INSERT INTO dispatch_notifications (dispatch_id, channel, via, recipient, ok, error, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.#get = db.prepare<[string], Row>(`${SELECT} WHERE d.id = ?`);
    this.#steps = db.prepare<[string], { status: string; at: number; by: string; note: string | null }>(
      'SELECT status, at, by, note FROM dispatch_steps WHERE dispatch_id = ? ORDER BY id',
    );
    this.#notifications = db.prepare<[string], { channel: string; via: string; recipient: string; ok: number; error: string | null; at: number }>(
      'SELECT channel, via, recipient, ok, error, at FROM dispatch_notifications WHERE dispatch_id = ? ORDER BY id',
    );
    this.#openOfMachine = db.prepare<[string], { id: string; status: string }>(`SELECT id, status FROM dispatches WHERE machine_id = ? AND status IN ${OPEN_SQL}`);
  }

  #record(r: Row): DispatchRecord {
    const steps: DispatchStep[] = this.#steps.all(r.id).map((s) => ({ status: s.status as DispatchStatus, at: s.at, by: s.by, note: s.note }));
    const times: Partial<Record<DispatchStatus, number>> = {};
    for (const s of steps) times[s.status] ??= s.at;
    const notifications: DispatchNotification[] = this.#notifications
      .all(r.id)
      .map((n) => ({ channel: n.channel as DispatchNotification['channel'], via: n.via, to: n.recipient, ok: n.ok === 1, error: n.error, at: n.at }));
    const status = r.status as DispatchStatus;
    return {
      id: r.id,
      status,
      machineId: r.machine_id,
      machineType: r.machine_type as MachineType,
      plateOrSerial: r.plate_or_serial,
      contractorId: r.contractor_id,
      contractorName: r.contractor_name,
      target: {
        kind: r.target_kind as DispatchTarget['kind'],
        id: r.target_id,
        hazard: r.hazard as DispatchHazard,
        lat: r.lat,
        lon: r.lon,
        villageId: r.village_id,
        description: r.description,
        createdAt: r.target_created_at,
      },
      note: r.note,
      requestedAt: r.requested_at,
      requestedBy: r.requested_by,
      times,
      steps,
      position: r.position_lat !== null && r.position_lon !== null && r.position_at !== null ? { lat: r.position_lat, lon: r.position_lon, at: r.position_at } : null,
      linkExpiresAt: r.link_expires_at,
      notifications,
      allowed: allowedTransitions(status, 'officer'),
      hourlyRate: r.hourly_rate,
    };
  }

  insert(d: NewDispatch): void {
    this.#insert.run({
      id: d.id,
      machineId: d.machineId,
      machineType: d.machineType,
      contractorId: d.contractorId,
      hourlyRate: d.hourlyRate,
      targetKind: d.target.kind,
      targetId: d.target.id,
      hazard: d.target.hazard,
      lat: d.target.lat,
      lon: d.target.lon,
      villageId: d.target.villageId ?? null,
      description: d.target.description ?? null,
      targetCreatedAt: d.target.createdAt ?? null,
      note: d.note,
      requestedAt: d.requestedAt,
      requestedBy: d.requestedBy,
      linkExpiresAt: d.linkExpiresAt,
    });
    this.#addStep.run(d.id, 'requested', d.requestedAt, d.requestedBy, d.note);
  }

  addStep(id: string, status: DispatchStatus, at: number, by: string, note: string | null): void {
    this.#setStatus.run(status, at, id);
    this.#addStep.run(id, status, at, by, note);
  }

  setPosition(id: string, lat: number, lon: number, at: number): void {
    this.#setPosition.run(lat, lon, at, at, id);
  }

  setLinkExpiry(id: string, expiresAt: number, at: number): void {
    this.#setLinkExpiry.run(expiresAt, at, id);
  }

  addNotification(id: string, n: DispatchNotification): void {
    this.#addNotification.run(id, n.channel, n.via, n.to, n.ok ? 1 : 0, n.error, n.at);
  }

  get(id: string): DispatchRecord | undefined {
    const row = this.#get.get(id);
    return row ? this.#record(row) : undefined;
  }

  openOfMachine(machineId: string): { id: string; status: DispatchStatus } | undefined {
    const row = this.#openOfMachine.get(machineId);
    return row ? { id: row.id, status: row.status as DispatchStatus } : undefined;
  }

  openByMachine(): Map<string, { id: string; status: DispatchStatus }> {
    const rows = this.#db.prepare<[], { id: string; machine_id: string; status: string }>(`SELECT id, machine_id, status FROM dispatches WHERE status IN ${OPEN_SQL}`).all();
    return new Map(rows.map((r) => [r.machine_id, { id: r.id, status: r.status as DispatchStatus }]));
  }

  /** Newest first. */
  list(q: DispatchQuery = {}): DispatchRecord[] {
    const where: string[] = [];
    const params: Record<string, string | number> = {};
    if (q.open === true) where.push(`d.status IN ${OPEN_SQL}`);
    if (q.open === false) where.push(`d.status NOT IN ${OPEN_SQL}`);
    if (q.from !== undefined) {
      where.push('d.requested_at >= @from');
      params.from = q.from;
    }
    if (q.to !== undefined) {
      where.push('d.requested_at < @to');
      params.to = q.to;
    }
    if (q.contractorId !== undefined) {
      where.push('d.contractor_id = @contractorId');
      params.contractorId = q.contractorId;
    }
    if (q.villageId !== undefined) {
      where.push('d.village_id = @villageId');
      params.villageId = q.villageId;
    }
    if (q.machineId !== undefined) {
      where.push('d.machine_id = @machineId');
      params.machineId = q.machineId;
    }
    if (q.target !== undefined) {
      where.push('d.target_kind = @targetKind AND d.target_id = @targetId');
      params.targetKind = q.target.kind;
      params.targetId = q.target.id;
    }
    params.limit = Math.min(Math.max(q.limit ?? 1000, 1), 100_000);
    const sql = `${SELECT} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.requested_at DESC, d.id DESC LIMIT @limit`;
    return this.#db
      .prepare<Record<string, string | number>, Row>(sql)
      .all(params)
      .map((r) => this.#record(r));
  }
}

/** The view without the billing-only fields. */
export function dispatchView(record: DispatchRecord): DispatchView {
  // The agreed rate is for billing reports, not for every dashboard.
  return Object.fromEntries(Object.entries(record).filter(([key]) => key !== 'hourlyRate')) as unknown as DispatchView;
}
