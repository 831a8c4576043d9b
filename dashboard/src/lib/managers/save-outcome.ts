import { HttpError, type FieldProblem } from '../api/http.ts';

/** A save either worked, or the server said which fields are wrong (shown next to each field). */
export type SaveOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly FieldProblem[]; readonly message: string };

/**
 * Runs a change: a refusal the user can fix (a 4xx other than 401) becomes an outcome the form shows;
 * anything else (the network, the server, a lost session) is thrown for the app's error handling.
 * `problemsOf` reads the refusal's field problems (by default the validation details).
 */
export async function attemptSave<T>(request: () => Promise<T>, problemsOf: (error: HttpError) => FieldProblem[] = (e) => e.fieldProblems()): Promise<SaveOutcome<T>> {
  try {
    return { ok: true, value: await request() };
  } catch (error) {
    if (error instanceof HttpError && error.status >= 400 && error.status < 500 && error.status !== 401) {
      return { ok: false, problems: problemsOf(error), message: error.message };
    }
    throw error;
  }
}

/** Pure: whether every problem belongs to one of the form's `fields` (then the form marks them and says no more). */
export function allPlaced(problems: readonly FieldProblem[], fields: readonly string[]): boolean {
  return problems.length > 0 && problems.every((p) => fields.includes(p.field));
}
