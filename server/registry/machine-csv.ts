import { toCsv } from '../lib/csv.ts';
import { CAPABILITY_KEYS, MACHINE_STATUSES, type CsvProblem, type Machine, type MachineStatus } from '../contracts/machinery.ts';
import { machineInputSchema, type MachineInput } from './machine-schema.ts';
import { issuesToProblems, numberCell, readCsvTable, textCell } from './machinery-csv.ts';
import type { ParsedRow } from './contractor-csv.ts';

/**
 * Machines as CSV, one row each, capabilities as their own columns. `status` round-trips an export:
 * available or out_of_service set it; a dispatch status is accepted only when it is already the
 * machine's (dispatches, not files, move a machine along).
 */
const REQUIRED = ['id', 'type', 'plateOrSerial', 'contractorId', 'homeVillageId'] as const;
const OPTIONAL = ['model', ...CAPABILITY_KEYS, 'status', 'notes'] as const;
export const MACHINE_CSV_HEADER: readonly string[] = [...REQUIRED, 'model', ...CAPABILITY_KEYS, 'status', 'notes'];

export type MachineCsvInput = MachineInput & { readonly status: MachineStatus | undefined };

function fromRow(cells: Readonly<Record<string, string>>): Record<string, unknown> {
  const capabilities: Record<string, unknown> = {};
  for (const key of CAPABILITY_KEYS) {
    const value = numberCell(cells[key]);
    if (value !== undefined) capabilities[key] = value;
  }
  return {
    id: textCell(cells.id) ?? '',
    type: cells.type ?? '',
    plateOrSerial: cells.plateOrSerial ?? '',
    model: textCell(cells.model),
    contractorId: cells.contractorId ?? '',
    homeVillageId: cells.homeVillageId ?? '',
    capabilities,
    notes: textCell(cells.notes),
  };
}

function columnOf(path: readonly PropertyKey[]): string {
  const [first, second] = path;
  if (first === 'capabilities' && second !== undefined) return String(second);
  return first === undefined ? '(row)' : String(first);
}

function isStatus(s: string): s is MachineStatus {
  return (MACHINE_STATUSES as readonly string[]).includes(s);
}

export function parseMachineCsv(text: string, villageIds: readonly string[]): { rows: ParsedRow<MachineCsvInput>[]; problems: CsvProblem[] } {
  const table = readCsvTable(text, { required: REQUIRED, optional: OPTIONAL });
  const schema = machineInputSchema(villageIds);
  const problems = [...table.problems];
  const rows: ParsedRow<MachineCsvInput>[] = [];
  const ids = new Map<string, number>();
  const plates = new Map<string, number>();
  for (const { row, cells } of table.rows) {
    const parsed = schema.safeParse(fromRow(cells));
    const statusCell = cells.status ?? '';
    const statusOk = statusCell === '' || isStatus(statusCell);
    if (!statusOk) problems.push({ row, column: 'status', reason: `expected one of ${MACHINE_STATUSES.join(', ')}, or empty for available` });
    if (!parsed.success) {
      problems.push(...issuesToProblems(row, parsed.error.issues, columnOf));
      continue;
    }
    const { id, plateOrSerial } = parsed.data;
    if (id === undefined || !statusOk) continue;
    const firstId = ids.get(id);
    if (firstId !== undefined) problems.push({ row, column: 'id', reason: `duplicate id "${id}", first on row ${firstId}` });
    else ids.set(id, row);
    const firstPlate = plates.get(plateOrSerial);
    if (firstPlate !== undefined) problems.push({ row, column: 'plateOrSerial', reason: `the same plate or serial as row ${firstPlate}` });
    else plates.set(plateOrSerial, row);
    rows.push({ row, input: { ...parsed.data, id, status: isStatus(statusCell) ? statusCell : undefined } });
  }
  return { rows, problems };
}

export function machinesToCsv(machines: readonly Machine[]): string {
  return toCsv(
    MACHINE_CSV_HEADER,
    machines.map((m) => [
      m.id,
      m.type,
      m.plateOrSerial,
      m.contractorId,
      m.homeVillageId,
      m.model,
      ...CAPABILITY_KEYS.map((k) => m.capabilities[k]),
      m.status,
      m.notes,
    ]),
  );
}
