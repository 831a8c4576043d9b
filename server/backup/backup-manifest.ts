/**
 * What a backup is: a folder with the data files, `manifest.json` (what, when, from which version,
 * each file's size and SHA-256) and `SHA256SUMS` (the same checksums, for `sha256sum -c`). The rules
 * here are pure: which files of DATA_DIR go in and how, names, manifest parsing and comparisons.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { SkopiaError } from '../errors.ts';
import { SERVER_LOCK_FILE } from './server-lock.ts';

export const BACKUP_FORMAT = 'skopia-backup';
export const MANIFEST_FILE = 'manifest.json';
export const CHECKSUMS_FILE = 'SHA256SUMS';
/** The state store: its applied migrations tell whether this code can open a backup. */
export const STATE_DB = 'state.sqlite';
export const PRE_RESTORE_PREFIX = 'pre-restore-';
export const STAGING_PREFIX = '.restore-staging-';

export const BackupFileSchema = z.strictObject({
  /** Relative to DATA_DIR, with "/" separators. */
  path: z.string().min(1),
  bytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** sqlite: copied with SQLite's online backup (consistent while the server writes); file: copied as is. */
  kind: z.enum(['sqlite', 'file']),
});
export type BackupFile = z.infer<typeof BackupFileSchema>;

export const BackupManifestSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(1),
  createdAt: z.iso.datetime(),
  skopiaVersion: z.string(),
  hostname: z.string(),
  region: z.string(),
  telemetryStore: z.string(),
  /** The state store's applied migrations, in order. */
  migrations: z.array(z.string()),
  files: z.array(BackupFileSchema),
});
export type BackupManifest = z.infer<typeof BackupManifestSchema>;

export type EntryTreatment = 'sqlite' | 'file' | 'skip';

/**
 * How a file of DATA_DIR (path relative to it, "/" separators) is backed up. SQLite databases go through
 * the online backup, which also captures their -wal; locks, pid files and half-written `.tmp` files
 * belong to the running process; earlier restores' leftovers and hidden folders are not Skopia's data.
 */
export function treatmentOf(relativePath: string): EntryTreatment {
  const name = relativePath.split('/').pop() ?? relativePath;
  const top = relativePath.split('/')[0] ?? relativePath;
  // Hidden folders are a tool's, not Skopia's (npm's cache when DATA_DIR is the service user's home).
  if (top.startsWith(PRE_RESTORE_PREFIX) || top.startsWith('.')) return 'skip';
  if (relativePath === SERVER_LOCK_FILE) return 'skip';
  if (/\.(tmp|lock)$/.test(name)) return 'skip';
  if (/\.(sqlite|db)-(wal|shm|journal)$/.test(name)) return 'skip';
  if (/\.(sqlite|db)$/.test(name)) return 'sqlite';
  return 'file';
}

/** `skopia-polygyros-20260812T140500Z`: sorts by time, safe on every file system. */
export function backupName(region: string, at: number): string {
  const stamp = new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  return `skopia-${region}-${stamp}`;
}

/** The `sha256sum` format: checksum, two spaces, path. */
export function checksumsText(files: readonly BackupFile[]): string {
  return files.map((f) => `${f.sha256}  ${f.path}\n`).join('');
}

/** A manifest names files inside the backup only: no absolute paths, no "..". */
export function isSafeRelativePath(path: string): boolean {
  if (path === '' || isAbsolute(path) || path.includes('\\') || path.includes('\0')) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

export function parseManifest(text: string, where: string): BackupManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SkopiaError('backup_manifest_invalid', `${where} is not valid JSON: the backup is damaged or incomplete; use another backup.`);
  }
  const result = BackupManifestSchema.safeParse(json);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new SkopiaError('backup_manifest_invalid', `${where} is not a Skopia backup manifest (${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}); use another backup.`);
  }
  const unsafe = result.data.files.find((f) => !isSafeRelativePath(f.path));
  if (unsafe) throw new SkopiaError('backup_manifest_invalid', `${where} names the file "${unsafe.path}" outside the backup folder; this backup cannot be trusted.`);
  return result.data;
}

/** What a file is on disk. */
export interface FileFacts {
  readonly bytes: number;
  readonly sha256: string;
}

/** Every difference between the manifest and the files found, as sentences; empty when they agree. */
export function checksumProblems(manifest: BackupManifest, found: ReadonlyMap<string, FileFacts | null>): string[] {
  const problems: string[] = [];
  for (const f of manifest.files) {
    const facts = found.get(f.path) ?? null;
    if (facts === null) problems.push(`${f.path}: missing`);
    else if (facts.bytes !== f.bytes) problems.push(`${f.path}: ${facts.bytes} bytes, the manifest says ${f.bytes}`);
    else if (facts.sha256 !== f.sha256) problems.push(`${f.path}: checksum differs from the manifest`);
  }
  return problems;
}

/** Migrations the backup's state store has that this code does not know: it was made by a newer Skopia. */
export function unknownMigrations(manifest: BackupManifest, known: readonly string[]): string[] {
  const have = new Set(known);
  return manifest.migrations.filter((m) => !have.has(m));
}

export function sha256File(path: string): Promise<FileFacts> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let bytes = 0;
    createReadStream(path)
      .on('data', (chunk: string | Buffer) => {
        bytes += Buffer.byteLength(chunk);
        hash.update(chunk);
      })
      .on('error', reject)
      .on('end', () => resolve({ bytes, sha256: hash.digest('hex') }));
  });
}
