import { randomBytes } from 'node:crypto';
import type { AuditLog } from '../store/audit-log.ts';
import type { StateDb } from '../store/state-store.ts';
import type { Contractor, CsvImportResult } from '../contracts/machinery.ts';
import { HttpError } from '../http/error-handler.ts';
import type { ContractorStore } from './contractor-store.ts';
import type { ContractorInput } from './contractor-schema.ts';
import { contractorsToCsv, parseContractorCsv } from './contractor-csv.ts';
import { conflict, fieldError, notFound } from './machinery-errors.ts';

/** Who changes something, for the audit log. */
export interface ChangeContext {
  readonly actor: string;
  readonly sourceIp: string | null;
}

export interface ContractorRegistryDeps {
  readonly db: StateDb;
  readonly store: ContractorStore;
  readonly audit: AuditLog;
  /** The region's country: which tax id (AFM, NIP) is checked. */
  readonly country: string;
  readonly machineCount: (contractorId: string) => number;
  /** A contractor's name or contract changed: their machines look different on the map. */
  readonly onChanged: (contractorId: string) => void;
  readonly now: () => number;
}

/** Contractors: create, replace, delete, CSV import and export; every change audited. */
export class ContractorRegistry {
  readonly #d: ContractorRegistryDeps;

  constructor(deps: ContractorRegistryDeps) {
    this.#d = deps;
  }

  get country(): string {
    return this.#d.country;
  }

  list(): Contractor[] {
    return this.#d.store.list();
  }

  get(id: string): Contractor {
    const c = this.#d.store.get(id);
    if (!c) throw notFound('contractor', id);
    return c;
  }

  find(id: string): Contractor | undefined {
    return this.#d.store.get(id);
  }

  #checkTaxIdFree(taxId: string, id: string, field: string): void {
    const holder = this.#d.store.byTaxId(taxId);
    if (holder && holder.id !== id) throw fieldError(field, `tax id ${taxId} is already registered to ${holder.name} (${holder.id})`, 409, 'tax_id_taken');
  }

  #build(id: string, input: ContractorInput, existing: Contractor | undefined): Contractor {
    const now = this.#d.now();
    return {
      id,
      name: input.name,
      taxId: input.taxId,
      phone: input.phone,
      email: input.email,
      contractRef: input.contractRef,
      contractStart: input.contractStart,
      contractEnd: input.contractEnd,
      hourlyRates: input.hourlyRates,
      notes: input.notes,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
  }

  create(input: ContractorInput, ctx: ChangeContext): Contractor {
    const id = input.id ?? `ctr-${randomBytes(5).toString('hex')}`;
    if (this.#d.store.get(id)) throw fieldError('body.id', `a contractor "${id}" already exists; use PUT /api/contractors/${id} to change it`, 409, 'contractor_exists');
    this.#checkTaxIdFree(input.taxId, id, 'body.taxId');
    const contractor = this.#build(id, input, undefined);
    this.#d.db.transaction(() => {
      this.#d.store.save(contractor);
      this.#d.audit.record({ ...ctx, action: 'contractor.create', subjectType: 'contractor', subjectId: id, after: contractor });
    })();
    return contractor;
  }

  replace(id: string, input: ContractorInput, ctx: ChangeContext): Contractor {
    if (input.id !== undefined && input.id !== id) throw fieldError('body.id', `does not match the contractor in the URL ("${id}"); ids cannot be changed`);
    const before = this.get(id);
    this.#checkTaxIdFree(input.taxId, id, 'body.taxId');
    const after = this.#build(id, input, before);
    this.#d.db.transaction(() => {
      this.#d.store.save(after);
      this.#d.audit.record({ ...ctx, action: 'contractor.update', subjectType: 'contractor', subjectId: id, before, after });
    })();
    this.#d.onChanged(id);
    return after;
  }

  delete(id: string, ctx: ChangeContext): void {
    const before = this.get(id);
    const machines = this.#d.machineCount(id);
    if (machines > 0) {
      throw conflict('contractor_has_machines', `${before.name} still has ${machines} machine(s): delete or move them to another contractor first.`);
    }
    try {
      this.#d.db.transaction(() => {
        this.#d.store.delete(id);
        this.#d.audit.record({ ...ctx, action: 'contractor.delete', subjectType: 'contractor', subjectId: id, before });
      })();
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw conflict('contractor_has_dispatches', `${before.name} has dispatch history, which the reports need: the contractor cannot be deleted. Let the contract end instead.`);
      }
      throw error;
    }
  }

  exportCsv(): string {
    return contractorsToCsv(this.list());
  }

  /**
   * Creates or replaces contractors by id from a CSV file. Every bad row is reported (row, column,
   * reason) and then nothing is written: a half-imported registry is worse than none.
   */
  importCsv(text: string, options: { dryRun: boolean }, ctx: ChangeContext): CsvImportResult {
    const { rows, problems } = parseContractorCsv(text, this.#d.country);
    for (const { row, input } of rows) {
      const holder = this.#d.store.byTaxId(input.taxId);
      if (holder && holder.id !== input.id) {
        problems.push({ row, column: 'taxId', reason: `already registered to ${holder.name} (${holder.id})` });
      }
    }
    if (problems.length > 0) {
      problems.sort((a, b) => a.row - b.row);
      throw new HttpError(400, 'csv_invalid', `The file has ${problems.length} problem(s); nothing was imported. Fix them and import it again.`, { problems });
    }
    let created = 0;
    let updated = 0;
    const changed: string[] = [];
    const write = this.#d.db.transaction(() => {
      for (const { input } of rows) {
        const before = this.#d.store.get(input.id);
        const after = this.#build(input.id, input, before);
        this.#d.store.save(after);
        if (before) {
          updated++;
          changed.push(input.id);
        } else created++;
        this.#d.audit.record({ ...ctx, action: before ? 'contractor.update' : 'contractor.create', subjectType: 'contractor', subjectId: input.id, before, after, note: 'CSV import' });
      }
      if (options.dryRun) throw new DryRun();
    });
    try {
      write();
    } catch (error) {
      if (!(error instanceof DryRun)) throw error;
      return { created, updated, dryRun: true };
    }
    for (const id of changed) this.#d.onChanged(id);
    return { created, updated, dryRun: false };
  }
}

/** Thrown inside the import transaction to roll it back after everything was checked against the database. */
export class DryRun extends Error {}
