import { toCsv } from '../lib/csv.ts';
import { MACHINE_TYPES, type Contractor, type CsvProblem } from '../contracts/machinery.ts';
import { contractorInputSchema, type ContractorInput } from './contractor-schema.ts';
import { issuesToProblems, numberCell, readCsvTable, textCell } from './machinery-csv.ts';

/**
 * Contractors as CSV: one row per contractor, one `rate_<machine type>` column per hourly rate, so a
 * spreadsheet can edit them. Export and import use the same columns, so an export imports unchanged.
 */
const RATE_COLUMNS = MACHINE_TYPES.map((t) => `rate_${t}`);
const REQUIRED = ['id', 'name', 'taxId', 'phone', 'contractRef', 'contractStart', 'contractEnd'] as const;
const OPTIONAL = ['email', 'notes', ...RATE_COLUMNS] as const;
export const CONTRACTOR_CSV_HEADER: readonly string[] = [...REQUIRED, 'email', ...RATE_COLUMNS, 'notes'];

function fromRow(cells: Readonly<Record<string, string>>): Record<string, unknown> {
  const hourlyRates: Record<string, unknown> = {};
  for (const type of MACHINE_TYPES) {
    const value = numberCell(cells[`rate_${type}`]);
    if (value !== undefined) hourlyRates[type] = value;
  }
  return {
    id: textCell(cells.id) ?? '',
    name: cells.name ?? '',
    taxId: cells.taxId ?? '',
    phone: cells.phone ?? '',
    email: textCell(cells.email),
    contractRef: cells.contractRef ?? '',
    contractStart: cells.contractStart ?? '',
    contractEnd: cells.contractEnd ?? '',
    hourlyRates,
    notes: textCell(cells.notes),
  };
}

function columnOf(path: readonly PropertyKey[]): string {
  const [first, second] = path;
  if (first === 'hourlyRates' && second !== undefined) return `rate_${String(second)}`;
  return first === undefined ? '(row)' : String(first);
}

export interface ParsedRow<T> {
  readonly row: number;
  readonly input: T & { readonly id: string };
}

export function parseContractorCsv(text: string, country: string): { rows: ParsedRow<ContractorInput>[]; problems: CsvProblem[] } {
  const table = readCsvTable(text, { required: REQUIRED, optional: OPTIONAL });
  const schema = contractorInputSchema(country);
  const problems = [...table.problems];
  const rows: ParsedRow<ContractorInput>[] = [];
  const ids = new Map<string, number>();
  const taxIds = new Map<string, number>();
  for (const { row, cells } of table.rows) {
    const parsed = schema.safeParse(fromRow(cells));
    if (!parsed.success) {
      problems.push(...issuesToProblems(row, parsed.error.issues, columnOf));
      continue;
    }
    const { id } = parsed.data;
    if (id === undefined) continue;
    const firstId = ids.get(id);
    if (firstId !== undefined) problems.push({ row, column: 'id', reason: `duplicate id "${id}", first on row ${firstId}` });
    else ids.set(id, row);
    const firstTax = taxIds.get(parsed.data.taxId);
    if (firstTax !== undefined) problems.push({ row, column: 'taxId', reason: `the same tax id as row ${firstTax}` });
    else taxIds.set(parsed.data.taxId, row);
    rows.push({ row, input: { ...parsed.data, id } });
  }
  return { rows, problems };
}

export function contractorsToCsv(contractors: readonly Contractor[]): string {
  return toCsv(
    CONTRACTOR_CSV_HEADER,
    contractors.map((c) => [
      c.id,
      c.name,
      c.taxId,
      c.phone,
      c.contractRef,
      c.contractStart,
      c.contractEnd,
      c.email,
      ...MACHINE_TYPES.map((t) => c.hourlyRates[t]),
      c.notes,
    ]),
  );
}
