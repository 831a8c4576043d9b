import type { StateDb } from '../store/state-store.ts';
import type { Village } from '../contracts/registry.ts';
import type { Machine, MachineCapabilities, MachineStatus, MachineType } from '../contracts/machinery.ts';

interface Row {
  id: string;
  type: string;
  plate_or_serial: string;
  model: string | null;
  contractor_id: string;
  home_village_id: string;
  capabilities_json: string;
  status: string;
  position_lat: number | null;
  position_lon: number | null;
  position_at: number | null;
  notes: string | null;
  created_at: number;
  updated_at: number;
}

/** A machine's stored fields; its position and status are written by their own methods. */
export type MachineRecord = Omit<Machine, 'position' | 'status'> & { readonly status?: MachineStatus };

/** Machines in the state store. Plain persistence: validation, audit and events are the registry's. */
export class MachineStore {
  readonly #villages: ReadonlyMap<string, Village>;
  readonly #all;
  readonly #get;
  readonly #byPlate;
  readonly #upsert;
  readonly #setStatus;
  readonly #setPosition;
  readonly #delete;
  readonly #count;
  readonly #countByContractor;

  constructor(db: StateDb, villages: readonly Village[]) {
    this.#villages = new Map(villages.map((v) => [v.id, v]));
    this.#all = db.prepare<[], Row>('SELECT * FROM machines ORDER BY id');
    this.#get = db.prepare<[string], Row>('SELECT * FROM machines WHERE id = ?');
    this.#byPlate = db.prepare<[string], Row>('SELECT * FROM machines WHERE plate_or_serial = ?');
    this.#upsert = db.prepare(
      `INSERT INTO machines (id, type, plate_or_serial, model, contractor_id, home_village_id, capabilities_json, status, notes, created_at, updated_at)
       VALUES (@id, @type, @plateOrSerial, @model, @contractorId, @homeVillageId, @capabilities, @status, @notes, @createdAt, @updatedAt)
       ON CONFLICT (id) DO UPDATE SET type = excluded.type, plate_or_serial = excluded.plate_or_serial, model = excluded.model,
         contractor_id = excluded.contractor_id, home_village_id = excluded.home_village_id, capabilities_json = excluded.capabilities_json,
         status = excluded.status, notes = excluded.notes, updated_at = excluded.updated_at`,
    );
    this.#setStatus = db.prepare<[string, number, string]>('UPDATE machines SET status = ?, updated_at = ? WHERE id = ?');
    this.#setPosition = db.prepare<[number, number, number, number, string]>(
      'UPDATE machines SET position_lat = ?, position_lon = ?, position_at = ?, updated_at = ? WHERE id = ?',
    );
    this.#delete = db.prepare<[string]>('DELETE FROM machines WHERE id = ?');
    this.#count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM machines');
    this.#countByContractor = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM machines WHERE contractor_id = ?');
  }

  #fromRow(r: Row): Machine {
    const home = this.#villages.get(r.home_village_id);
    const reported = r.position_lat !== null && r.position_lon !== null;
    return {
      id: r.id,
      type: r.type as MachineType,
      plateOrSerial: r.plate_or_serial,
      model: r.model,
      contractorId: r.contractor_id,
      homeVillageId: r.home_village_id,
      capabilities: JSON.parse(r.capabilities_json) as MachineCapabilities,
      status: r.status as MachineStatus,
      position: reported
        ? { lat: r.position_lat ?? 0, lon: r.position_lon ?? 0, at: r.position_at, source: 'reported' }
        : { lat: home?.lat ?? 0, lon: home?.lon ?? 0, at: null, source: 'home' },
      notes: r.notes,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  list(): Machine[] {
    return this.#all.all().map((r) => this.#fromRow(r));
  }

  get(id: string): Machine | undefined {
    const row = this.#get.get(id);
    return row ? this.#fromRow(row) : undefined;
  }

  byPlate(plateOrSerial: string): Machine | undefined {
    const row = this.#byPlate.get(plateOrSerial);
    return row ? this.#fromRow(row) : undefined;
  }

  /** Inserts or replaces by id; an existing machine keeps its status unless one is given. */
  save(m: MachineRecord): void {
    this.#upsert.run({
      id: m.id,
      type: m.type,
      plateOrSerial: m.plateOrSerial,
      model: m.model,
      contractorId: m.contractorId,
      homeVillageId: m.homeVillageId,
      capabilities: JSON.stringify(m.capabilities),
      status: m.status ?? this.get(m.id)?.status ?? 'available',
      notes: m.notes,
      createdAt: m.createdAt,
      updatedAt: m.updatedAt,
    });
  }

  setStatus(id: string, status: MachineStatus, at: number): void {
    this.#setStatus.run(status, at, id);
  }

  setPosition(id: string, lat: number, lon: number, at: number): void {
    this.#setPosition.run(lat, lon, at, at, id);
  }

  delete(id: string): boolean {
    return this.#delete.run(id).changes > 0;
  }

  count(): number {
    return this.#count.get()?.n ?? 0;
  }

  countOfContractor(contractorId: string): number {
    return this.#countByContractor.get(contractorId)?.n ?? 0;
  }
}
