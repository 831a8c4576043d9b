import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { SkopiaError } from '../errors.ts';
import { HttpError } from '../http/error-handler.ts';
import type { CsvProblem } from '../contracts/machinery.ts';
import type { ContractorRegistry } from './contractor-registry.ts';
import type { MachineRegistry } from './machine-registry.ts';
import { addDays } from './contractor-contract.ts';

/**
 * Demo data: a region folder's contractors.csv and machines.csv, imported at start-up when the
 * registry is empty, through the same import as an admin's (so the demo files are checked the same
 * way). Contract dates may be written `today+20` or `today-300` in these files only, so the demo
 * always has contracts that expire soon rather than ones that expired years ago.
 */
export function resolveRelativeDates(csv: string, today: string): string {
  return csv.replace(/\btoday(?:([+-])(\d{1,5}))?\b/g, (_whole, sign: string | undefined, days: string | undefined) =>
    addDays(today, sign === undefined ? 0 : Number(sign + (days ?? '0'))),
  );
}

async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function describe(file: string, error: unknown): SkopiaError {
  if (error instanceof HttpError && error.code === 'csv_invalid') {
    const problems = (error.details as { problems: CsvProblem[] }).problems;
    return new SkopiaError('region_file', `${file}:\n${problems.map((p) => `  row ${p.row}, ${p.column}: ${p.reason}`).join('\n')}`);
  }
  return new SkopiaError('region_file', `${file}: ${(error as Error).message}`, { cause: error });
}

export async function seedMachineryIfEmpty(
  registries: { readonly contractors: ContractorRegistry; readonly machines: MachineRegistry; readonly today: () => string },
  regionDir: string,
  log: Pick<FastifyBaseLogger, 'info'>,
): Promise<{ contractors: number; machines: number } | null> {
  if (registries.contractors.list().length > 0 || registries.machines.list().length > 0) return null;
  const contractorsFile = join(regionDir, 'contractors.csv');
  const machinesFile = join(regionDir, 'machines.csv');
  const contractorsCsv = await readOptional(contractorsFile);
  if (contractorsCsv === null) return null;
  const ctx = { actor: 'system', sourceIp: null };
  const today = registries.today();
  let contractors = 0;
  let machines = 0;
  try {
    contractors = registries.contractors.importCsv(resolveRelativeDates(contractorsCsv, today), { dryRun: false }, ctx).created;
  } catch (error) {
    throw describe(contractorsFile, error);
  }
  const machinesCsv = await readOptional(machinesFile);
  if (machinesCsv !== null) {
    try {
      machines = registries.machines.importCsv(machinesCsv, { dryRun: false }, ctx).created;
    } catch (error) {
      throw describe(machinesFile, error);
    }
  }
  log.info({ contractors, machines, regionDir }, 'contractor registry was empty: loaded the region demo contractors and machines');
  return { contractors, machines };
}
