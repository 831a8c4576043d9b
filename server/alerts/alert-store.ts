/** Alerts and their history in the state store (migrations 020, 021). Synchronous: better-sqlite3. */
import type { CapCertainty, CapSeverity, CapUrgency } from '../../rules/engine/cap-vocabulary.ts';
import type { SubjectType } from '../../rules/engine/types.ts';
import type { Hazard, MachineType } from '../../rules/hazards/machine-types.ts';
import type { AlertEvent, AlertState } from '../contracts/alerts.ts';
import type { StateDb } from '../store/state-store.ts';
import type { AlertRecord } from './alert-record.ts';

interface AlertRow {
  id: string;
  rule_id: string;
  rule_name: string;
  hazard: string;
  public: number;
  subject_type: string;
  subject_id: string;
  subject_name: string;
  state: string;
  severity: string;
  urgency: string;
  certainty: string;
  value: number;
  peak: number;
  unit: string;
  message: string;
  machine_types_json: string;
  sensor_ids_json: string;
  lat: number;
  lon: number;
  village_id: string | null;
  raised_at: number;
  updated_at: number;
  observed_at: number;
  ack_by: string | null;
  ack_at: number | null;
  ack_comment: string | null;
  resolved_by: string | null;
  resolved_at: number | null;
  resolved_comment: string | null;
  resolved_automatically: number | null;
  escalation_level: number;
  escalation_since: number;
  last_notified_at: number | null;
  engine_active: number;
}

type Params = Record<string, string | number | null>;

function toParams(a: AlertRecord): Params {
  return {
    id: a.id,
    rule_id: a.ruleId,
    rule_name: a.ruleName,
    hazard: a.hazard,
    public: a.public ? 1 : 0,
    subject_type: a.subjectType,
    subject_id: a.subjectId,
    subject_name: a.subjectName,
    state: a.state,
    severity: a.severity,
    urgency: a.urgency,
    certainty: a.certainty,
    value: a.value,
    peak: a.peak,
    unit: a.unit,
    message: a.message,
    machine_types_json: JSON.stringify(a.machineTypes),
    sensor_ids_json: JSON.stringify(a.sensorIds),
    lat: a.lat,
    lon: a.lon,
    village_id: a.villageId,
    raised_at: a.raisedAt,
    updated_at: a.updatedAt,
    observed_at: a.observedAt,
    ack_by: a.acknowledged?.by ?? null,
    ack_at: a.acknowledged?.at ?? null,
    ack_comment: a.acknowledged?.comment ?? null,
    resolved_by: a.resolved?.by ?? null,
    resolved_at: a.resolved?.at ?? null,
    resolved_comment: a.resolved?.comment ?? null,
    resolved_automatically: a.resolved === null ? null : a.resolved.automatic ? 1 : 0,
    escalation_level: a.escalationLevel,
    escalation_since: a.escalationSince,
    last_notified_at: a.lastNotifiedAt,
    engine_active: a.engineActive ? 1 : 0,
  };
}

function fromRow(r: AlertRow): AlertRecord {
  return {
    id: r.id,
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    hazard: r.hazard as Hazard,
    public: r.public === 1,
    subjectType: r.subject_type as SubjectType,
    subjectId: r.subject_id,
    subjectName: r.subject_name,
    state: r.state as AlertState,
    severity: r.severity as CapSeverity,
    urgency: r.urgency as CapUrgency,
    certainty: r.certainty as CapCertainty,
    value: r.value,
    peak: r.peak,
    unit: r.unit,
    message: r.message,
    machineTypes: JSON.parse(r.machine_types_json) as MachineType[],
    sensorIds: JSON.parse(r.sensor_ids_json) as string[],
    lat: r.lat,
    lon: r.lon,
    villageId: r.village_id,
    raisedAt: r.raised_at,
    updatedAt: r.updated_at,
    observedAt: r.observed_at,
    acknowledged: r.ack_by !== null && r.ack_at !== null ? { by: r.ack_by, at: r.ack_at, comment: r.ack_comment ?? '' } : null,
    resolved:
      r.resolved_by !== null && r.resolved_at !== null
        ? { by: r.resolved_by, at: r.resolved_at, comment: r.resolved_comment ?? '', automatic: r.resolved_automatically === 1 }
        : null,
    escalationLevel: r.escalation_level,
    escalationSince: r.escalation_since,
    lastNotifiedAt: r.last_notified_at,
    engineActive: r.engine_active === 1,
  };
}

const COLUMNS = Object.keys(
  toParams({
    id: '',
    ruleId: '',
    ruleName: '',
    hazard: 'fire',
    public: false,
    subjectType: 'sensor',
    subjectId: '',
    subjectName: '',
    state: 'firing',
    severity: 'Minor',
    urgency: 'Immediate',
    certainty: 'Observed',
    value: 0,
    peak: 0,
    unit: '',
    message: '',
    machineTypes: [],
    sensorIds: [],
    lat: 0,
    lon: 0,
    villageId: null,
    raisedAt: 0,
    updatedAt: 0,
    observedAt: 0,
    acknowledged: null,
    resolved: null,
    escalationLevel: 0,
    escalationSince: 0,
    lastNotifiedAt: null,
    engineActive: true,
  }),
);

export interface AlertListQuery {
  readonly states?: readonly AlertState[];
  readonly hazard?: string;
  readonly severities?: readonly string[];
  /** Alerts raised or changed at or after this time. */
  readonly since?: number;
  readonly ruleId?: string;
  readonly limit: number;
}

interface EventRow {
  id: number;
  at: number;
  kind: string;
  by: string;
  state: string;
  severity: string;
  value: number;
  peak: number;
  message: string;
}

export class AlertStore {
  readonly #db: StateDb;
  readonly #insert;
  readonly #update;
  readonly #insertEvent;
  readonly #byId;
  readonly #events;

  constructor(db: StateDb) {
    this.#db = db;
    this.#insert = db.prepare<Params>(`INSERT INTO alerts (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`);
    this.#update = db.prepare<Params>(`UPDATE alerts SET ${COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`);
    this.#insertEvent = db.prepare<Params>(
      `INSERT INTO alert_events (alert_id, at, kind, by, state, severity, value, peak, message)
       VALUES (@alert_id, @at, @kind, @by, @state, @severity, @value, @peak, @message)`,
    );
    this.#byId = db.prepare<[string], AlertRow>('SELECT * FROM alerts WHERE id = ?');
    this.#events = db.prepare<[string], EventRow>('SELECT id, at, kind, by, state, severity, value, peak, message FROM alert_events WHERE alert_id = ? ORDER BY id');
  }

  /** Runs `fn` in one transaction: an alert change, its history and its audit entry land together. */
  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn)();
  }

  insert(alert: AlertRecord): void {
    this.#insert.run(toParams(alert));
  }

  update(alert: AlertRecord): void {
    this.#update.run(toParams(alert));
  }

  appendEvent(alert: AlertRecord, kind: AlertEvent['kind'], by: string, message: string, at: number): void {
    this.#insertEvent.run({ alert_id: alert.id, at, kind, by, state: alert.state, severity: alert.severity, value: alert.value, peak: alert.peak, message });
  }

  get(id: string): AlertRecord | null {
    const row = this.#byId.get(id);
    return row ? fromRow(row) : null;
  }

  /** Firing and acknowledged alerts. */
  open(): AlertRecord[] {
    return this.#db.prepare<[], AlertRow>("SELECT * FROM alerts WHERE state <> 'resolved' ORDER BY raised_at").all().map(fromRow);
  }

  /** Alerts resolved by hand whose condition the engine still holds, newest per rule and subject last. */
  held(): AlertRecord[] {
    return this.#db.prepare<[], AlertRow>("SELECT * FROM alerts WHERE state = 'resolved' AND engine_active = 1 ORDER BY updated_at").all().map(fromRow);
  }

  list(q: AlertListQuery): AlertRecord[] {
    const where: string[] = [];
    const params: Params = { limit: q.limit };
    if (q.states && q.states.length > 0) {
      where.push(`state IN (${q.states.map((_, i) => `@state${i}`).join(', ')})`);
      q.states.forEach((s, i) => (params[`state${i}`] = s));
    }
    if (q.severities && q.severities.length > 0) {
      where.push(`severity IN (${q.severities.map((_, i) => `@severity${i}`).join(', ')})`);
      q.severities.forEach((s, i) => (params[`severity${i}`] = s));
    }
    if (q.hazard !== undefined) {
      where.push('hazard = @hazard');
      params.hazard = q.hazard;
    }
    if (q.ruleId !== undefined) {
      where.push('rule_id = @ruleId');
      params.ruleId = q.ruleId;
    }
    if (q.since !== undefined) {
      where.push('updated_at >= @since');
      params.since = q.since;
    }
    const sql = `SELECT * FROM alerts ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY raised_at DESC LIMIT @limit`;
    return this.#db.prepare<Params, AlertRow>(sql).all(params).map(fromRow);
  }

  /** Alerts raised in [from, to), oldest first: what the rule set in force did (backtest). */
  raisedBetween(from: number, to: number): AlertRecord[] {
    return this.#db.prepare<[number, number], AlertRow>('SELECT * FROM alerts WHERE raised_at >= ? AND raised_at < ? ORDER BY raised_at').all(from, to).map(fromRow);
  }

  history(id: string): AlertEvent[] {
    return this.#events.all(id).map((r) => ({
      id: r.id,
      at: r.at,
      kind: r.kind as AlertEvent['kind'],
      by: r.by,
      state: r.state as AlertState,
      severity: r.severity as CapSeverity,
      value: r.value,
      peak: r.peak,
      message: r.message,
    }));
  }
}
