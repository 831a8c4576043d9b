import type { StateDb } from '../store/state-store.ts';
import type { Contractor, HourlyRates } from '../contracts/machinery.ts';

interface Row {
  id: string;
  name: string;
  tax_id: string;
  phone: string;
  email: string | null;
  contract_ref: string;
  contract_start: string;
  contract_end: string;
  hourly_rates_json: string;
  notes: string | null;
  created_at: number;
  updated_at: number;
}

function fromRow(r: Row): Contractor {
  return {
    id: r.id,
    name: r.name,
    taxId: r.tax_id,
    phone: r.phone,
    email: r.email,
    contractRef: r.contract_ref,
    contractStart: r.contract_start,
    contractEnd: r.contract_end,
    hourlyRates: JSON.parse(r.hourly_rates_json) as HourlyRates,
    notes: r.notes,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toParams(c: Contractor): Row {
  return {
    id: c.id,
    name: c.name,
    tax_id: c.taxId,
    phone: c.phone,
    email: c.email,
    contract_ref: c.contractRef,
    contract_start: c.contractStart,
    contract_end: c.contractEnd,
    hourly_rates_json: JSON.stringify(c.hourlyRates),
    notes: c.notes,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

/** Contractors in the state store. Plain persistence: validation and audit are the registry's. */
export class ContractorStore {
  readonly #db: StateDb;
  readonly #all;
  readonly #get;
  readonly #byTaxId;
  readonly #upsert;
  readonly #delete;
  readonly #count;

  constructor(db: StateDb) {
    this.#db = db;
    this.#all = db.prepare<[], Row>('SELECT * FROM contractors ORDER BY name, id');
    this.#get = db.prepare<[string], Row>('SELECT * FROM contractors WHERE id = ?');
    this.#byTaxId = db.prepare<[string], Row>('SELECT * FROM contractors WHERE tax_id = ?');
    this.#upsert = db.prepare<Row>(
      `INSERT INTO contractors (id, name, tax_id, phone, email, contract_ref, contract_start, contract_end, hourly_rates_json, notes, created_at, updated_at)
       VALUES (@id, @name, @tax_id, @phone, @email, @contract_ref, @contract_start, @contract_end, @hourly_rates_json, @notes, @created_at, @updated_at)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, tax_id = excluded.tax_id, phone = excluded.phone, email = excluded.email,
         contract_ref = excluded.contract_ref, contract_start = excluded.contract_start, contract_end = excluded.contract_end,
         hourly_rates_json = excluded.hourly_rates_json, notes = excluded.notes, updated_at = excluded.updated_at`,
    );
    this.#delete = db.prepare<[string]>('DELETE FROM contractors WHERE id = ?');
    this.#count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM contractors');
  }

  get db(): StateDb {
    return this.#db;
  }

  list(): Contractor[] {
    return this.#all.all().map(fromRow);
  }

  get(id: string): Contractor | undefined {
    const row = this.#get.get(id);
    return row ? fromRow(row) : undefined;
  }

  byTaxId(taxId: string): Contractor | undefined {
    const row = this.#byTaxId.get(taxId);
    return row ? fromRow(row) : undefined;
  }

  /** Inserts or replaces by id; `createdAt` of an existing row is kept. */
  save(contractor: Contractor): void {
    this.#upsert.run(toParams(contractor));
  }

  delete(id: string): boolean {
    return this.#delete.run(id).changes > 0;
  }

  count(): number {
    return this.#count.get()?.n ?? 0;
  }

  byIdMap(): Map<string, Contractor> {
    return new Map(this.list().map((c) => [c.id, c]));
  }
}
