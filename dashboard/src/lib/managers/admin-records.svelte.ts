import type { HttpError, FieldProblem } from '../api/http.ts';
import type { EventBus } from './event-bus.ts';
import { handleError } from './notice-manager.svelte.ts';
import { attemptSave, type SaveOutcome } from './save-outcome.ts';

/**
 * Records an admin manages from one list (users, access tokens): read afresh on each visit, changed one
 * at a time; a change either comes back and is put in the list, or is refused field by field.
 */
export class AdminRecords<T> {
  readonly #bus: EventBus;
  readonly #fetch: () => Promise<readonly T[]>;
  readonly #problemsOf: (error: HttpError) => FieldProblem[];
  #records = $state.raw<readonly T[]>([]);
  #loading = $state(false);
  #loaded = $state(false);

  /** `fetch`: the whole list, in the order it is shown; `problemsOf`: reads a refusal's field problems. */
  constructor(bus: EventBus, fetch: () => Promise<readonly T[]>, problemsOf: (error: HttpError) => FieldProblem[]) {
    this.#bus = bus;
    this.#fetch = fetch;
    this.#problemsOf = problemsOf;
  }

  protected get records(): readonly T[] {
    return this.#records;
  }

  get loading(): boolean {
    return this.#loading;
  }

  get loaded(): boolean {
    return this.#loaded;
  }

  async load(): Promise<void> {
    this.#loading = true;
    try {
      this.#records = await this.#fetch();
      this.#loaded = true;
    } catch (error) {
      handleError(this.#bus, error);
    } finally {
      this.#loading = false;
    }
  }

  /** Runs a change; when it is saved, `apply` gives the list with the saved value in it. */
  protected async change<R>(request: () => Promise<R>, apply: (records: readonly T[], saved: R) => readonly T[]): Promise<SaveOutcome<R>> {
    const outcome = await attemptSave(request, this.#problemsOf);
    if (outcome.ok) this.#records = apply(this.#records, outcome.value);
    return outcome;
  }
}
