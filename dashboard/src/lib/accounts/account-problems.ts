import type { FieldProblem, HttpError } from '../api/http.ts';

/**
 * Refusals the server words as one sentence (no field in the details) but that are about one field of
 * the form: shown next to that field, like a validation message.
 */
const FIELD_OF_CODE: Readonly<Record<string, string>> = {
  username_taken: 'username',
  weak_password: 'password',
};

/** Pure: what a refused account change says about each field, from the server's error. */
export function accountProblems(error: HttpError): FieldProblem[] {
  const problems = error.fieldProblems();
  const field = FIELD_OF_CODE[error.code];
  if (field !== undefined && !problems.some((p) => p.field === field)) problems.push({ field, message: error.message });
  return problems;
}
