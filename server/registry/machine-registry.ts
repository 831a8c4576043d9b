import { randomBytes } from 'node:crypto';
import type { AuditLog } from '../store/audit-log.ts';
import type { StateDb } from '../store/state-store.ts';
import type { EventBus } from '../events.ts';
import type { CsvImportResult, CsvProblem, Machine, MachineStatus, MachineType, MachineView } from '../contracts/machinery.ts';
import type { DispatchStatus } from '../contracts/dispatch.ts';
import { HttpError } from '../http/error-handler.ts';
import type { ContractorStore } from './contractor-store.ts';
import type { MachineRecord, MachineStore } from './machine-store.ts';
import type { MachineInput } from './machine-schema.ts';
import { machinesToCsv, parseMachineCsv } from './machine-csv.ts';
import { conflict, fieldError, notFound } from './machinery-errors.ts';
import { DryRun, type ChangeContext } from './contractor-registry.ts';

export interface MachineRegistryDeps {
  readonly db: StateDb;
  readonly store: MachineStore;
  readonly contractors: ContractorStore;
  readonly audit: AuditLog;
  readonly bus: EventBus;
  readonly villageIds: readonly string[];
  /** The machine's open dispatch, if any (the dispatch store answers). */
  readonly openDispatchOf: (machineId: string) => { readonly id: string; readonly status: DispatchStatus } | undefined;
  readonly now: () => number;
}

export interface MachineFilter {
  readonly type?: MachineType;
  readonly status?: MachineStatus;
  readonly contractorId?: string;
  readonly homeVillageId?: string;
}

/** Machines: CRUD, admin status, CSV; every change audited and announced as MachineChanged. */
export class MachineRegistry {
  readonly #d: MachineRegistryDeps;

  constructor(deps: MachineRegistryDeps) {
    this.#d = deps;
  }

  list(filter: MachineFilter = {}): Machine[] {
    return this.#d.store
      .list()
      .filter(
        (m) =>
          (filter.type === undefined || m.type === filter.type) &&
          (filter.status === undefined || m.status === filter.status) &&
          (filter.contractorId === undefined || m.contractorId === filter.contractorId) &&
          (filter.homeVillageId === undefined || m.homeVillageId === filter.homeVillageId),
      );
  }

  get(id: string): Machine {
    const m = this.#d.store.get(id);
    if (!m) throw notFound('machine', id);
    return m;
  }

  find(id: string): Machine | undefined {
    return this.#d.store.get(id);
  }

  #view(m: Machine, names: ReadonlyMap<string, string>): MachineView {
    return { ...m, contractorName: names.get(m.contractorId) ?? m.contractorId, dispatchId: this.#d.openDispatchOf(m.id)?.id ?? null };
  }

  view(id: string): MachineView | null {
    const m = this.#d.store.get(id);
    if (!m) return null;
    return this.#view(m, new Map([[m.contractorId, this.#d.contractors.get(m.contractorId)?.name ?? m.contractorId]]));
  }

  views(): MachineView[] {
    const names = new Map(this.#d.contractors.list().map((c) => [c.id, c.name]));
    return this.#d.store.list().map((m) => this.#view(m, names));
  }

  /** Tells the live hub (and anyone else) that a machine looks different now; null when it is gone. */
  announce(machineId: string): void {
    this.#d.bus.emit('MachineChanged', { machineId, machine: this.view(machineId) });
  }

  announceContractor(contractorId: string): void {
    for (const m of this.list({ contractorId })) this.announce(m.id);
  }

  #checkReferences(input: MachineInput, id: string): void {
    if (!this.#d.contractors.get(input.contractorId)) throw fieldError('body.contractorId', `no contractor "${input.contractorId}"; create the contractor first`);
    const holder = this.#d.store.byPlate(input.plateOrSerial);
    if (holder && holder.id !== id) throw fieldError('body.plateOrSerial', `${input.plateOrSerial} is already registered as machine ${holder.id}`, 409, 'plate_taken');
  }

  #record(id: string, input: MachineInput, existing: Machine | undefined, status?: MachineStatus): MachineRecord {
    const now = this.#d.now();
    return {
      id,
      type: input.type,
      plateOrSerial: input.plateOrSerial,
      model: input.model,
      contractorId: input.contractorId,
      homeVillageId: input.homeVillageId,
      // Absent capabilities are left out, not stored as undefined.
      capabilities: Object.fromEntries(Object.entries(input.capabilities).filter(([, v]) => v !== undefined)),
      notes: input.notes,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      ...(status !== undefined ? { status } : {}),
    };
  }

  create(input: MachineInput, ctx: ChangeContext): Machine {
    const id = input.id ?? `m-${randomBytes(5).toString('hex')}`;
    if (this.#d.store.get(id)) throw fieldError('body.id', `a machine "${id}" already exists; use PUT /api/machines/${id} to change it`, 409, 'machine_exists');
    this.#checkReferences(input, id);
    this.#d.db.transaction(() => {
      this.#d.store.save(this.#record(id, input, undefined, 'available'));
      this.#d.audit.record({ ...ctx, action: 'machine.create', subjectType: 'machine', subjectId: id, after: this.#d.store.get(id) });
    })();
    this.announce(id);
    return this.get(id);
  }

  replace(id: string, input: MachineInput, ctx: ChangeContext): Machine {
    if (input.id !== undefined && input.id !== id) throw fieldError('body.id', `does not match the machine in the URL ("${id}"); ids cannot be changed`);
    const before = this.get(id);
    this.#checkReferences(input, id);
    this.#d.db.transaction(() => {
      this.#d.store.save(this.#record(id, input, before));
      this.#d.audit.record({ ...ctx, action: 'machine.update', subjectType: 'machine', subjectId: id, before, after: this.#d.store.get(id) });
    })();
    this.announce(id);
    return this.get(id);
  }

  /** Out of service, or back in service; a machine on a dispatch is moved by its dispatch only. */
  setAdminStatus(id: string, status: 'available' | 'out_of_service', note: string | null, ctx: ChangeContext): Machine {
    const before = this.get(id);
    const open = this.#d.openDispatchOf(id);
    if (open) {
      throw conflict('machine_on_dispatch', `Machine ${before.plateOrSerial} is on dispatch ${open.id} (${open.status}); release or cancel the dispatch first.`, {
        dispatchId: open.id,
      });
    }
    if (before.status === status) return before;
    this.#d.db.transaction(() => {
      this.#d.store.setStatus(id, status, this.#d.now());
      this.#d.audit.record({ ...ctx, action: 'machine.status', subjectType: 'machine', subjectId: id, before: { status: before.status }, after: { status }, note });
    })();
    this.announce(id);
    return this.get(id);
  }

  delete(id: string, ctx: ChangeContext): void {
    const before = this.get(id);
    const open = this.#d.openDispatchOf(id);
    if (open) throw conflict('machine_on_dispatch', `Machine ${before.plateOrSerial} is on dispatch ${open.id}; release or cancel it first.`, { dispatchId: open.id });
    try {
      this.#d.db.transaction(() => {
        this.#d.store.delete(id);
        this.#d.audit.record({ ...ctx, action: 'machine.delete', subjectType: 'machine', subjectId: id, before });
      })();
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw conflict('machine_has_dispatches', `Machine ${before.plateOrSerial} has dispatch history, which the reports need: set it out of service instead.`);
      }
      throw error;
    }
    this.announce(id);
  }

  /** Dispatches move machines along; the dispatch's own audit entry covers it (inside its transaction). */
  setStatusForDispatch(id: string, status: MachineStatus): void {
    this.#d.store.setStatus(id, status, this.#d.now());
  }

  setPosition(id: string, lat: number, lon: number, at: number): void {
    this.#d.store.setPosition(id, lat, lon, at);
  }

  exportCsv(): string {
    return machinesToCsv(this.list());
  }

  #importProblems(rows: ReturnType<typeof parseMachineCsv>['rows']): CsvProblem[] {
    const problems: CsvProblem[] = [];
    for (const { row, input } of rows) {
      if (!this.#d.contractors.get(input.contractorId)) {
        problems.push({ row, column: 'contractorId', reason: `no contractor "${input.contractorId}"; import the contractors first` });
      }
      const holder = this.#d.store.byPlate(input.plateOrSerial);
      if (holder && holder.id !== input.id) problems.push({ row, column: 'plateOrSerial', reason: `already registered as machine ${holder.id}` });
      const existing = this.#d.store.get(input.id);
      const open = this.#d.openDispatchOf(input.id);
      const wanted = input.status;
      if (wanted === undefined) continue;
      const manual = wanted === 'available' || wanted === 'out_of_service';
      if (manual && open && existing?.status !== wanted) {
        problems.push({ row, column: 'status', reason: `the machine is on dispatch ${open.id}; its status follows the dispatch until it ends` });
      } else if (!manual && existing?.status !== wanted) {
        problems.push({ row, column: 'status', reason: `${wanted} is set by dispatches; write available or out_of_service, or leave it empty` });
      }
    }
    return problems;
  }

  /** Creates or replaces machines by id from a CSV file; every bad row is reported and then nothing is written. */
  importCsv(text: string, options: { dryRun: boolean }, ctx: ChangeContext): CsvImportResult {
    const { rows, problems } = parseMachineCsv(text, this.#d.villageIds);
    problems.push(...this.#importProblems(rows));
    if (problems.length > 0) {
      problems.sort((a, b) => a.row - b.row);
      throw new HttpError(400, 'csv_invalid', `The file has ${problems.length} problem(s); nothing was imported. Fix them and import it again.`, { problems });
    }
    let created = 0;
    let updated = 0;
    const write = this.#d.db.transaction(() => {
      for (const { input } of rows) {
        const before = this.#d.store.get(input.id);
        const status = input.status === 'available' || input.status === 'out_of_service' ? input.status : before ? undefined : 'available';
        this.#d.store.save(this.#record(input.id, input, before, status));
        if (before) updated++;
        else created++;
        const after = this.#d.store.get(input.id);
        this.#d.audit.record({ ...ctx, action: before ? 'machine.update' : 'machine.create', subjectType: 'machine', subjectId: input.id, before, after, note: 'CSV import' });
      }
      if (options.dryRun) throw new DryRun();
    });
    try {
      write();
    } catch (error) {
      if (!(error instanceof DryRun)) throw error;
      return { created, updated, dryRun: true };
    }
    for (const { input } of rows) this.announce(input.id);
    return { created, updated, dryRun: false };
  }
}
