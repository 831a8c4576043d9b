/**
 * `npm run backup`: a consistent copy of DATA_DIR while the server runs. SQLite databases (state,
 * telemetry) go through SQLite's online backup, so a write in progress never tears the copy; other
 * files (rule-engine state, the InfluxDB spool) are copied as they are, which is safe because the
 * server writes each of them whole and renames it into place. The folder appears under its final
 * name only once complete.
 */
import Database from 'better-sqlite3';
import { copyFile, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { SkopiaError } from '../errors.ts';
import { SKOPIA_VERSION } from '../version.ts';
import {
  BACKUP_FORMAT,
  backupName,
  CHECKSUMS_FILE,
  checksumsText,
  MANIFEST_FILE,
  sha256File,
  STATE_DB,
  treatmentOf,
  type BackupFile,
  type BackupManifest,
} from './backup-manifest.ts';

export interface BackupOptions {
  readonly dataDir: string;
  /** The folder the backup folder is made in (BACKUP_DIR). */
  readonly destDir: string;
  readonly region: string;
  readonly telemetryStore: string;
  readonly now: number;
}

export interface BackupResult {
  readonly dir: string;
  readonly manifest: BackupManifest;
  readonly bytes: number;
}

/** Every file under `dir`, relative with "/" separators, leaving out `skip` (the backup folder itself). */
async function listFiles(dir: string, skip: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (abs: string): Promise<void> => {
    for (const entry of await readdir(abs, { withFileTypes: true })) {
      const path = join(abs, entry.name);
      if (resolve(path) === skip) continue;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  await walk(dir);
  return out.sort();
}

async function backupSqlite(source: string, target: string): Promise<void> {
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // Everything in one step after the first: a long series of small steps restarts whenever the
    // server writes in between, and the telemetry store writes every 100 ms.
    await db.backup(target, { progress: ({ totalPages }) => Math.max(100, totalPages) });
  } finally {
    db.close();
  }
  // A self-contained file: no -wal or -shm appears beside it when it is opened (the server turns WAL back on).
  const copy = new Database(target, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

function appliedMigrations(statePath: string): string[] {
  const db = new Database(statePath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare<[], { id: string }>('SELECT id FROM schema_migrations ORDER BY id').all().map((r) => r.id);
  } finally {
    db.close();
  }
}

export async function createBackup(o: BackupOptions): Promise<BackupResult> {
  const dataDir = resolve(o.dataDir);
  const destDir = resolve(o.destDir);
  const name = backupName(o.region, o.now);
  const finalDir = join(destDir, name);
  const partial = join(destDir, `.partial-${name}`);
  const paths = (await listFiles(dataDir, destDir).catch((error: unknown) => {
    throw new SkopiaError('backup_no_data', `Cannot read the data directory ${dataDir} (${(error as Error).message}): check DATA_DIR.`, { cause: error });
  })).filter((p) => treatmentOf(p) !== 'skip');
  if (!paths.includes(STATE_DB)) {
    throw new SkopiaError('backup_no_data', `There is no ${STATE_DB} in ${dataDir}: check DATA_DIR (it must be the server's), or start the server once.`);
  }
  try {
    await rm(partial, { recursive: true, force: true });
    await mkdir(partial, { recursive: true });
    const files: BackupFile[] = [];
    for (const path of paths) {
      const kind = treatmentOf(path) === 'sqlite' ? 'sqlite' : 'file';
      const source = join(dataDir, path);
      const target = join(partial, path);
      await mkdir(dirname(target), { recursive: true });
      try {
        if (kind === 'sqlite') await backupSqlite(source, target);
        else await copyFile(source, target);
      } catch (error) {
        // A spool batch written to InfluxDB and deleted meanwhile: nothing to keep.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' && kind === 'file') continue;
        throw error;
      }
      files.push({ path, kind, ...(await sha256File(target)) });
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: 1,
      createdAt: new Date(o.now).toISOString(),
      skopiaVersion: SKOPIA_VERSION,
      hostname: hostname(),
      region: o.region,
      telemetryStore: o.telemetryStore,
      migrations: appliedMigrations(join(partial, STATE_DB)),
      files,
    };
    await writeFile(join(partial, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await writeFile(join(partial, CHECKSUMS_FILE), checksumsText(files));
    await rm(finalDir, { recursive: true, force: true });
    await rename(partial, finalDir);
    return { dir: finalDir, manifest, bytes: files.reduce((sum, f) => sum + f.bytes, 0) };
  } catch (error) {
    await rm(partial, { recursive: true, force: true }).catch(() => undefined);
    if (error instanceof SkopiaError) throw error;
    throw new SkopiaError('backup_failed', `The backup into ${destDir} failed: ${(error as Error).message}. Check free space and that this user may write there (BACKUP_DIR).`, { cause: error });
  }
}
