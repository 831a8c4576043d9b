import type { ContractorView, CsvImportResult, CsvProblem, MachineView } from '../../../../server/contracts/machinery.ts';
import { HttpError } from '../api/http.ts';
import type { ContractorInput, MachineInput, RegistryApi, RegistryKind } from '../api/registry-api.ts';
import type { EventBus } from './event-bus.ts';
import { handleError } from './notice-manager.svelte.ts';
import { attemptSave, type SaveOutcome } from './save-outcome.ts';


/** A CSV import: checked or imported, or every bad cell of every bad row. */
export type ImportOutcome =
  | { readonly ok: true; readonly result: CsvImportResult }
  | { readonly ok: false; readonly problems: readonly CsvProblem[]; readonly message: string };

/**
 * The contractor registry screens: contractors on their tender contracts and their machines. Admins
 * create and edit one record at a time or a whole CSV file; every refusal comes back field by field.
 */
export class RegistryManager {
  readonly #bus: EventBus;
  readonly #api: RegistryApi;
  #contractors = $state.raw<readonly ContractorView[]>([]);
  #machines = $state.raw<readonly MachineView[]>([]);
  #currency = $state('EUR');
  #loading = $state(false);
  #loaded = $state(false);

  constructor(bus: EventBus, api: RegistryApi) {
    this.#bus = bus;
    this.#api = api;
  }

  get contractors(): readonly ContractorView[] {
    return this.#contractors;
  }

  get machines(): readonly MachineView[] {
    return this.#machines;
  }

  get currency(): string {
    return this.#currency;
  }

  get loading(): boolean {
    return this.#loading;
  }

  get loaded(): boolean {
    return this.#loaded;
  }

  contractorName(id: string): string {
    return this.#contractors.find((c) => c.id === id)?.name ?? id;
  }

  /** Keeps machine statuses current from the live stream without refetching. */
  init(): () => void {
    return this.#bus.on('live.machines', ({ machines }) => {
      if (this.#loaded) this.#machines = machines;
    });
  }

  async load(): Promise<void> {
    this.#loading = true;
    try {
      const [contractors, machines] = await Promise.all([this.#api.contractors(), this.#api.machines()]);
      this.#contractors = contractors.contractors;
      this.#currency = contractors.currency;
      this.#machines = machines;
      this.#loaded = true;
    } catch (error) {
      handleError(this.#bus, error);
    } finally {
      this.#loading = false;
    }
  }

  saveContractor(input: ContractorInput, existingId: string | null): Promise<SaveOutcome<ContractorView>> {
    return this.#save(() => (existingId === null ? this.#api.createContractor(input) : this.#api.replaceContractor(existingId, input)));
  }

  saveMachine(input: MachineInput, existingId: string | null): Promise<SaveOutcome<MachineView>> {
    return this.#save(() => (existingId === null ? this.#api.createMachine(input) : this.#api.replaceMachine(existingId, input)));
  }

  setMachineStatus(id: string, status: 'available' | 'out_of_service'): Promise<SaveOutcome<MachineView>> {
    return this.#save(() => this.#api.setMachineStatus(id, status));
  }

  /** `dryRun`: only checks the file. An import is all or nothing. */
  async importCsv(kind: RegistryKind, csv: string, dryRun: boolean): Promise<ImportOutcome> {
    try {
      const result = await this.#api.importCsv(kind, csv, dryRun);
      if (!dryRun) await this.load();
      return { ok: true, result };
    } catch (error) {
      if (error instanceof HttpError && error.status === 400) {
        const cells = error.csvProblems();
        // A body-level refusal (not CSV at all, too large) comes as a field problem, not a cell.
        const problems = cells.length > 0 ? cells : error.fieldProblems().map((p) => ({ row: 0, column: p.field, reason: p.message }));
        return { ok: false, problems, message: error.message };
      }
      throw error;
    }
  }

  async #save<T>(request: () => Promise<T>): Promise<SaveOutcome<T>> {
    const outcome = await attemptSave(request);
    if (outcome.ok) await this.load();
    return outcome;
  }
}
