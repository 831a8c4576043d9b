import type { StateDb } from './state-store.ts';

export interface AuditEntryInput {
  /** Who: a user name, `kiosk:<id>`, `token:<id>`, `contractor:<dispatch id>` or `system`. */
  readonly actor: string;
  /** What, as verb phrases: `alert.acknowledge`, `machine.update`, `dispatch.accept`, ... */
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly before?: unknown;
  readonly after?: unknown;
  /** From where: the client's address. */
  readonly sourceIp?: string | null;
  readonly note?: string | null;
}

export interface AuditEntry extends AuditEntryInput {
  readonly id: number;
  readonly at: number;
}

interface Row {
  id: number;
  at: number;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  before_json: string | null;
  after_json: string | null;
  source_ip: string | null;
  note: string | null;
}

export interface AuditQuery {
  readonly from?: number;
  readonly to?: number;
  readonly subjectType?: string;
  readonly subjectId?: string;
  readonly actor?: string;
  readonly limit?: number;
  /** Entries with an id below this (paging backwards). */
  readonly beforeId?: number;
}

/** The append-only audit log. Call `record` inside the same transaction as the change it describes. */
export class AuditLog {
  readonly #db: StateDb;
  readonly #insert;
  readonly #now: () => number;

  constructor(db: StateDb, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
    this.#insert = db.prepare(
      `INSERT INTO audit_log (at, actor, action, subject_type, subject_id, before_json, after_json, source_ip, note)
       VALUES (@at, @actor, @action, @subjectType, @subjectId, @before, @after, @sourceIp, @note)`,
    );
  }

  record(entry: AuditEntryInput): number {
    const info = this.#insert.run({
      at: this.#now(),
      actor: entry.actor,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      sourceIp: entry.sourceIp ?? null,
      note: entry.note ?? null,
    });
    return Number(info.lastInsertRowid);
  }

  query(q: AuditQuery = {}): AuditEntry[] {
    const where: string[] = [];
    const params: Record<string, string | number> = {};
    if (q.from !== undefined) {
      where.push('at >= @from');
      params.from = q.from;
    }
    if (q.to !== undefined) {
      where.push('at < @to');
      params.to = q.to;
    }
    if (q.subjectType !== undefined) {
      where.push('subject_type = @subjectType');
      params.subjectType = q.subjectType;
    }
    if (q.subjectId !== undefined) {
      where.push('subject_id = @subjectId');
      params.subjectId = q.subjectId;
    }
    if (q.actor !== undefined) {
      where.push('actor = @actor');
      params.actor = q.actor;
    }
    if (q.beforeId !== undefined) {
      where.push('id < @beforeId');
      params.beforeId = q.beforeId;
    }
    params.limit = Math.min(Math.max(q.limit ?? 200, 1), 10_000);
    const sql = `SELECT * FROM audit_log ${where.length > 0 ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT @limit`;
    return this.#db
      .prepare<Record<string, string | number>, Row>(sql)
      .all(params)
      .map((r) => ({
        id: r.id,
        at: r.at,
        actor: r.actor,
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        before: r.before_json === null ? undefined : (JSON.parse(r.before_json) as unknown),
        after: r.after_json === null ? undefined : (JSON.parse(r.after_json) as unknown),
        sourceIp: r.source_ip,
        note: r.note,
      }));
  }
}
