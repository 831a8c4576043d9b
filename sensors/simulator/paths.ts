import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository's data folder, found from this file so the CLI works from any working directory. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));

export function regionsDir(dataDir: string): string {
  return join(dataDir, 'regions');
}

export function scenariosDir(dataDir: string): string {
  return join(dataDir, 'scenarios');
}
