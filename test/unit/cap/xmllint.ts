import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { requireBinary } from '../../helpers/require-binary.ts';

export const XMLLINT = '/usr/bin/xmllint';
const SCHEMA = fileURLToPath(new URL('../../../standards/cap12.xsd', import.meta.url));

/** Whether CAP messages can be checked here (throws in CI when xmllint is missing; skips loudly elsewhere). */
export function canValidateCap(): boolean {
  return requireBinary(XMLLINT, 'libxml2-utils');
}

/** Validates one CAP message against the OASIS schema; returns xmllint's complaints ('' when valid). */
export function capSchemaErrors(xml: string): string {
  const r = spawnSync(XMLLINT, ['--noout', '--schema', SCHEMA, '-'], { input: xml, encoding: 'utf8' });
  return r.status === 0 ? '' : `${r.stderr}${r.stdout}`.trim() || `xmllint exited with ${r.status}`;
}

/** Well-formedness only (the Atom feed). */
export function xmlErrors(xml: string): string {
  const r = spawnSync(XMLLINT, ['--noout', '-'], { input: xml, encoding: 'utf8' });
  return r.status === 0 ? '' : r.stderr.trim();
}
