import type { FieldProblem } from '../api/http.ts';
import type { I18nManager, MessageKey } from '../i18n/index.ts';
import { errorMessage } from './app-error.ts';
import { allPlaced, type SaveOutcome } from './save-outcome.ts';

/**
 * One form's submission state: busy while it saves, the server's messages next to each field, and one
 * line above the form that says what went wrong (the server's own sentence when no field explains it,
 * the network or a server failure in the user's language). Nothing that fails goes unsaid.
 */
export class FormSubmission {
  readonly #i18n: I18nManager;
  readonly #fields: readonly string[];
  readonly #failedKey: MessageKey;
  #problems = $state.raw<readonly FieldProblem[]>([]);
  #message = $state<string | null>(null);
  #busy = $state(false);

  /** `fields`: the API's names of the fields the form shows; `failedKey`: the line's wording, with `{message}`. */
  constructor(i18n: I18nManager, fields: readonly string[], failedKey: MessageKey = 'form.fix') {
    this.#i18n = i18n;
    this.#fields = fields;
    this.#failedKey = failedKey;
  }

  get busy(): boolean {
    return this.#busy;
  }

  /** The line above the form, or null when nothing failed. */
  get banner(): string | null {
    const message = this.#message;
    if (message === null) return null;
    return allPlaced(this.#problems, this.#fields) ? this.#i18n.t('form.fixFields') : this.#i18n.t(this.#failedKey, { message });
  }

  errorsOf(field: string): string[] {
    return this.#problems.filter((p) => p.field === field).map((p) => p.message);
  }

  /** Runs the save: what was saved, or null when it was refused or failed (and the form now says why). */
  async run<T>(save: () => Promise<SaveOutcome<T>>): Promise<{ readonly value: T } | null> {
    this.#busy = true;
    this.#message = null;
    try {
      const outcome = await save();
      if (outcome.ok) {
        this.#problems = [];
        return { value: outcome.value };
      }
      this.#problems = outcome.problems;
      this.#message = outcome.message;
    } catch (error) {
      this.#problems = [];
      this.#message = errorMessage(error, (key, params) => this.#i18n.t(key, params));
    } finally {
      this.#busy = false;
    }
    return null;
  }
}
