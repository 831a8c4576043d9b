import { readFileSync } from 'node:fs';

/** Skopia's version, from package.json: in /metrics (skopia_info) and in every backup's manifest. */
function readVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const version = typeof pkg === 'object' && pkg !== null && 'version' in pkg ? pkg.version : undefined;
  return typeof version === 'string' ? version : 'unknown';
}

export const SKOPIA_VERSION = readVersion();
