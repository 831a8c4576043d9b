/**
 * `npm run restore -- <backup>`: DATA_DIR becomes what the backup holds. Refused while a server uses
 * DATA_DIR, for a damaged backup, and for one made by a newer Skopia (migrations only go forward).
 * The files are copied next to DATA_DIR's (same file system) and checked again, then swapped in by
 * renames; what was there moves to DATA_DIR/pre-restore-<time>/, and back if anything fails.
 */
import { copyFile, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { SkopiaError } from '../errors.ts';
import {
  checksumProblems,
  MANIFEST_FILE,
  parseManifest,
  PRE_RESTORE_PREFIX,
  sha256File,
  STAGING_PREFIX,
  unknownMigrations,
  type BackupManifest,
  type FileFacts,
} from './backup-manifest.ts';
import { serverUsing } from './server-lock.ts';

export interface RestoreOptions {
  readonly backupDir: string;
  readonly dataDir: string;
  /** Where the server would listen (HTTP_HOST, HTTP_PORT): something answering there means it runs. */
  readonly http: { readonly host: string; readonly port: number };
  /** The migrations this code knows (the state store's). */
  readonly knownMigrations: readonly string[];
  readonly now: number;
}

export interface RestoreResult {
  readonly manifest: BackupManifest;
  /** Where DATA_DIR's previous contents are now. */
  readonly previousDir: string;
}

async function factsOf(root: string, manifest: BackupManifest): Promise<Map<string, FileFacts | null>> {
  const found = new Map<string, FileFacts | null>();
  for (const f of manifest.files) found.set(f.path, await sha256File(join(root, f.path)).catch(() => null));
  return found;
}

/** Reads the manifest and checks every file against it; the manifest when all agree. */
export async function verifyBackup(backupDir: string): Promise<BackupManifest> {
  const where = join(backupDir, MANIFEST_FILE);
  const text = await readFile(where, 'utf8').catch((error: unknown) => {
    throw new SkopiaError('backup_not_found', `There is no ${MANIFEST_FILE} in ${backupDir}: name a folder written by npm run backup.`, { cause: error });
  });
  const manifest = parseManifest(text, where);
  const problems = checksumProblems(manifest, await factsOf(backupDir, manifest));
  if (problems.length > 0) {
    throw new SkopiaError('backup_corrupt', `The backup ${backupDir} is damaged: ${problems.join('; ')}. Nothing was changed; use another backup.`);
  }
  return manifest;
}

const stamp = (at: number): string => new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');

/** Top-level entries of DATA_DIR a restore replaces: Skopia's, not earlier restores', hidden ones or the backups. */
async function replaceable(dataDir: string, keep: string | null): Promise<string[]> {
  const entries = await readdir(dataDir).catch(() => [] as string[]);
  return entries.filter((e) => !e.startsWith(PRE_RESTORE_PREFIX) && !e.startsWith('.') && e !== keep);
}

export async function restoreBackup(o: RestoreOptions): Promise<RestoreResult> {
  const backupDir = resolve(o.backupDir);
  const dataDir = resolve(o.dataDir);
  const manifest = await verifyBackup(backupDir);
  const newer = unknownMigrations(manifest, o.knownMigrations);
  if (newer.length > 0) {
    throw new SkopiaError(
      'backup_too_new',
      `The backup was made by Skopia ${manifest.skopiaVersion}, whose database has changes this version does not know (${newer.join(', ')}). Install that version (or newer) first, then restore.`,
    );
  }
  const running = await serverUsing(dataDir, o.http);
  if (running !== null) throw new SkopiaError('server_running', `Not restoring: ${running}`);

  // A backup folder kept inside DATA_DIR stays where it is.
  const inside = relative(dataDir, backupDir);
  const keep = inside !== '' && !inside.startsWith('..') ? (inside.split(sep)[0] ?? null) : null;
  const staging = join(dataDir, `${STAGING_PREFIX}${stamp(o.now)}`);
  const previousDir = join(dataDir, `${PRE_RESTORE_PREFIX}${stamp(o.now)}`);
  await mkdir(staging, { recursive: true });
  try {
    for (const f of manifest.files) {
      await mkdir(dirname(join(staging, f.path)), { recursive: true });
      await copyFile(join(backupDir, f.path), join(staging, f.path));
    }
    const problems = checksumProblems(manifest, await factsOf(staging, manifest));
    if (problems.length > 0) throw new SkopiaError('restore_copy_corrupt', `Copying the backup into ${dataDir} damaged it: ${problems.join('; ')}. Check the disk; nothing was changed.`);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }

  // The swap: renames within one file system; undone if any of them fails.
  const movedAside: string[] = [];
  const movedIn: string[] = [];
  try {
    await mkdir(previousDir, { recursive: true });
    for (const entry of await replaceable(dataDir, keep)) {
      await rename(join(dataDir, entry), join(previousDir, entry));
      movedAside.push(entry);
    }
    for (const entry of await readdir(staging)) {
      await rename(join(staging, entry), join(dataDir, entry));
      movedIn.push(entry);
    }
  } catch (error) {
    for (const entry of movedIn) await rm(join(dataDir, entry), { recursive: true, force: true });
    for (const entry of movedAside) await rename(join(previousDir, entry), join(dataDir, entry));
    await rm(staging, { recursive: true, force: true });
    throw new SkopiaError('restore_failed', `Restoring into ${dataDir} failed (${(error as Error).message}); the previous data is back in place. Check permissions and free space.`, {
      cause: error,
    });
  }
  await rm(staging, { recursive: true, force: true });
  return { manifest, previousDir };
}
