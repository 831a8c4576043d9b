import { randomBytes } from 'node:crypto';
import type { StateDb } from '../store/state-store.ts';
import type { AuditLog } from '../store/audit-log.ts';
import type { Village } from '../contracts/registry.ts';
import type { DispatchHazard } from '../contracts/machinery.ts';
import type { DispatchTarget, Incident } from '../contracts/dispatch.ts';
import { nearestVillage } from '../registry/village-lookup.ts';
import { conflict, fieldError, notFound } from '../registry/machinery-errors.ts';
import type { ChangeContext } from '../registry/contractor-registry.ts';

interface Row {
  id: string;
  hazard: string;
  lat: number;
  lon: number;
  village_id: string | null;
  description: string;
  source: string | null;
  status: string;
  created_at: number;
  created_by: string;
  closed_at: number | null;
  closed_by: string | null;
}

function fromRow(r: Row): Incident {
  return {
    id: r.id,
    hazard: r.hazard as DispatchHazard,
    lat: r.lat,
    lon: r.lon,
    villageId: r.village_id,
    description: r.description,
    source: r.source,
    status: r.status as Incident['status'],
    createdAt: r.created_at,
    createdBy: r.created_by,
    closedAt: r.closed_at,
  };
}

export interface NewIncident {
  readonly hazard: DispatchHazard;
  readonly lat: number;
  readonly lon: number;
  readonly villageId?: string | undefined;
  readonly description: string;
  readonly source?: string | null | undefined;
}

/** A point further than this from every village is taken for a typo (swapped latitude and longitude). */
const MAX_KM_FROM_A_VILLAGE = 50;

/** Manual incidents: an officer's record of a citizen call or field report at a map point, to dispatch to. */
export class Incidents {
  readonly #db: StateDb;
  readonly #audit: AuditLog;
  readonly #villages: readonly Village[];
  readonly #now: () => number;

  constructor(db: StateDb, audit: AuditLog, villages: readonly Village[], now: () => number) {
    this.#db = db;
    this.#audit = audit;
    this.#villages = villages;
    this.#now = now;
  }

  create(input: NewIncident, ctx: ChangeContext): Incident {
    const nearest = nearestVillage(this.#villages, input.lat, input.lon);
    if (nearest && nearest.km > MAX_KM_FROM_A_VILLAGE) {
      throw fieldError(
        'body.lat',
        `the point ${input.lat}, ${input.lon} is ${Math.round(nearest.km)} km from the nearest village of the region; check the coordinates (latitude first)`,
      );
    }
    if (input.villageId !== undefined && !this.#villages.some((v) => v.id === input.villageId)) {
      throw fieldError('body.villageId', `no village "${input.villageId}" in the region`);
    }
    const id = `inc-${randomBytes(5).toString('hex')}`;
    const incident: Incident = {
      id,
      hazard: input.hazard,
      lat: input.lat,
      lon: input.lon,
      villageId: input.villageId ?? nearest?.village.id ?? null,
      description: input.description,
      source: input.source ?? null,
      status: 'open',
      createdAt: this.#now(),
      createdBy: ctx.actor,
      closedAt: null,
    };
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO incidents (id, hazard, lat, lon, village_id, description, source, status, created_at, created_by)
           VALUES (@id, @hazard, @lat, @lon, @villageId, @description, @source, 'open', @createdAt, @createdBy)`,
        )
        .run(incident);
      this.#audit.record({ ...ctx, action: 'incident.create', subjectType: 'incident', subjectId: id, after: incident });
    })();
    return incident;
  }

  find(id: string): Incident | undefined {
    const row = this.#db.prepare<[string], Row>('SELECT * FROM incidents WHERE id = ?').get(id);
    return row ? fromRow(row) : undefined;
  }

  get(id: string): Incident {
    const incident = this.find(id);
    if (!incident) throw notFound('incident', id);
    return incident;
  }

  list(status?: Incident['status']): Incident[] {
    const rows =
      status === undefined
        ? this.#db.prepare<[], Row>('SELECT * FROM incidents ORDER BY created_at DESC LIMIT 1000').all()
        : this.#db.prepare<[string], Row>('SELECT * FROM incidents WHERE status = ? ORDER BY created_at DESC LIMIT 1000').all(status);
    return rows.map(fromRow);
  }

  close(id: string, note: string | null, hasOpenDispatches: boolean, ctx: ChangeContext): Incident {
    const before = this.get(id);
    if (before.status === 'closed') return before;
    if (hasOpenDispatches) throw conflict('incident_has_open_dispatches', `Incident ${id} still has machines on their way or on site: release or cancel those dispatches first.`);
    const at = this.#now();
    this.#db.transaction(() => {
      this.#db.prepare("UPDATE incidents SET status = 'closed', closed_at = ?, closed_by = ? WHERE id = ?").run(at, ctx.actor, id);
      this.#audit.record({ ...ctx, action: 'incident.close', subjectType: 'incident', subjectId: id, before, after: { ...before, status: 'closed', closedAt: at }, note });
    })();
    return this.get(id);
  }

  /** The incident as something to dispatch to; closed incidents are not. */
  target(id: string): DispatchTarget | null {
    const i = this.find(id);
    if (!i || i.status !== 'open') return null;
    return {
      kind: 'incident',
      id: i.id,
      hazard: i.hazard,
      lat: i.lat,
      lon: i.lon,
      ...(i.villageId !== null ? { villageId: i.villageId } : {}),
      description: i.description,
      createdAt: i.createdAt,
    };
  }
}
