import type { z } from 'zod';
import { parseCsv } from '../lib/csv.ts';
import type { CsvProblem } from '../contracts/machinery.ts';

/**
 * The CSV side of contractor and machine imports: header checks, rows numbered as a spreadsheet
 * numbers them (the header is row 1), and zod issues turned into row/column/reason. Pure.
 */
export interface CsvRow {
  readonly row: number;
  readonly cells: Readonly<Record<string, string>>;
}

export interface CsvColumns {
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

export function readCsvTable(text: string, columns: CsvColumns): { rows: CsvRow[]; problems: CsvProblem[] } {
  const problems: CsvProblem[] = [];
  const [header, ...body] = parseCsv(text);
  if (!header || (header.length === 1 && header[0]?.trim() === '')) {
    return { rows: [], problems: [{ row: 1, column: '(header)', reason: `the file is empty; expected a header row with ${columns.required.join(', ')}` }] };
  }
  const names = header.map((h) => h.trim());
  const known = new Set([...columns.required, ...columns.optional]);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) problems.push({ row: 1, column: name, reason: 'this column appears twice' });
    seen.add(name);
    if (!known.has(name)) problems.push({ row: 1, column: name, reason: `unknown column; expected columns: ${[...known].join(', ')}` });
  }
  for (const name of columns.required) if (!seen.has(name)) problems.push({ row: 1, column: name, reason: 'required column is missing' });

  const rows: CsvRow[] = [];
  body.forEach((fields, i) => {
    const row = i + 2;
    if (fields.every((f) => f.trim() === '')) return;
    if (fields.length > names.length) {
      problems.push({ row, column: '(row)', reason: `has ${fields.length} fields but the header has ${names.length}; quote values that contain a comma` });
      return;
    }
    const cells: Record<string, string> = {};
    names.forEach((name, j) => {
      cells[name] = (fields[j] ?? '').trim();
    });
    rows.push({ row, cells });
  });
  if (rows.length === 0 && problems.length === 0) problems.push({ row: 2, column: '(row)', reason: 'the file has a header but no rows' });
  return { rows, problems };
}

/** A number cell: empty is absent; anything else that is not a plain decimal stays text, for zod to reject by name. */
export function numberCell(value: string | undefined): number | string | undefined {
  if (value === undefined || value === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

export function textCell(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

export function issuesToProblems(row: number, issues: readonly z.core.$ZodIssue[], columnOf: (path: readonly PropertyKey[]) => string): CsvProblem[] {
  return issues.map((issue) => ({ row, column: columnOf(issue.path), reason: issue.message }));
}
