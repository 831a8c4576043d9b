import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { SkopiaError } from '../errors.ts';

/**
 * Line-protocol batches kept on disk while InfluxDB cannot take them, replayed oldest first.
 *
 * One file per batch, named `<sequence>-<points>.lp` with a zero-padded, ever-increasing sequence, so the
 * directory listing is the replay order and its depth is known without reading a file. A file is written
 * to `*.tmp`, fsync'd, then renamed (and the directory fsync'd): a crash leaves either the whole batch or
 * a `.tmp` that is discarded, never half a batch. Batches InfluxDB refused as bad data go to
 * `dead-letter/<sequence>.lp`, led by a `#` comment with the reason (line protocol skips comments, so the
 * file can be sent again with curl once fixed).
 */

export interface SpoolEntry {
  readonly seq: number;
  readonly points: number;
  readonly file: string;
}

const ENTRY_NAME = /^(\d{16})-(\d+)\.lp$/;
const LOCK_FILE = 'spool.lock';
export const DEAD_LETTER_DIR = 'dead-letter';

export class Spool {
  readonly dir: string;
  readonly #entries: SpoolEntry[] = [];
  #nextSeq = 1;
  #points = 0;
  #deadLettered = 0;
  #locked = false;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** Takes the directory (one store per spool), drops torn `.tmp` files and lists what a previous run left. */
  async open(): Promise<void> {
    await mkdir(join(this.dir, DEAD_LETTER_DIR), { recursive: true });
    this.#lock();
    const names = await readdir(this.dir);
    for (const name of names) {
      if (name.endsWith('.tmp')) {
        await unlink(join(this.dir, name));
        continue;
      }
      const match = ENTRY_NAME.exec(name);
      if (match === null) continue;
      this.#add({ seq: Number(match[1]), points: Number(match[2]), file: join(this.dir, name) });
    }
    const last = this.#entries.at(-1);
    if (last !== undefined) this.#nextSeq = last.seq + 1;
  }

  /** Releases the directory. */
  close(): void {
    if (!this.#locked) return;
    this.#locked = false;
    try {
      unlinkSync(join(this.dir, LOCK_FILE));
    } catch {
      // already gone: nothing to release
    }
  }

  /** The next sequence number. Taken when a batch leaves memory, so replay order is append order. */
  takeSeq(): number {
    return this.#nextSeq++;
  }

  /** Batches waiting on disk. */
  get depth(): number {
    return this.#entries.length;
  }

  /** Points (lines) waiting on disk. */
  get points(): number {
    return this.#points;
  }

  /** Batches moved to the dead-letter directory since open(). */
  get deadLettered(): number {
    return this.#deadLettered;
  }

  oldest(): SpoolEntry | undefined {
    return this.#entries[0];
  }

  /** Durably stores a batch; synchronous for the overflow path, where append() must not hold memory. */
  writeSync(seq: number, body: string, points: number): void {
    const entry = this.#entry(seq, points);
    const tmp = `${entry.file}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, body);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, entry.file);
    syncDirSync(this.dir);
    this.#add(entry);
  }

  /** Durably stores a batch. */
  async write(seq: number, body: string, points: number): Promise<void> {
    const entry = this.#entry(seq, points);
    const tmp = `${entry.file}.tmp`;
    const file = await open(tmp, 'w');
    try {
      await file.writeFile(body);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, entry.file);
    await syncDir(this.dir);
    this.#add(entry);
  }

  read(entry: SpoolEntry): Promise<string> {
    return readFile(entry.file, 'utf8');
  }

  /** Forgets a batch InfluxDB has stored. */
  async remove(entry: SpoolEntry): Promise<void> {
    await unlink(entry.file);
    this.#forget(entry);
  }

  /** Moves a spooled batch InfluxDB refused to the dead-letter directory, with the reason on top. */
  async deadLetter(entry: SpoolEntry, reason: string): Promise<string> {
    const body = await this.read(entry);
    const target = await this.deadLetterBatch(entry.seq, body, reason);
    await unlink(entry.file);
    this.#forget(entry);
    return target;
  }

  /** Writes a refused batch that never reached the spool to the dead-letter directory. */
  async deadLetterBatch(seq: number, body: string, reason: string): Promise<string> {
    const target = join(this.dir, DEAD_LETTER_DIR, `${pad(seq)}.lp`);
    const comment = `# ${new Date().toISOString()} ${reason.replace(/[\r\n]+/g, ' ')}\n`;
    const file = await open(target, 'a');
    try {
      await file.writeFile(comment + body + (body.endsWith('\n') ? '' : '\n'));
      await file.sync();
    } finally {
      await file.close();
    }
    this.#deadLettered++;
    return target;
  }

  #entry(seq: number, points: number): SpoolEntry {
    return { seq, points, file: join(this.dir, `${pad(seq)}-${points}.lp`) };
  }

  /** Keeps entries sorted: an older in-flight batch can reach the disk after a newer overflow batch. */
  #add(entry: SpoolEntry): void {
    let i = this.#entries.length;
    while (i > 0 && (this.#entries[i - 1]?.seq ?? 0) > entry.seq) i--;
    this.#entries.splice(i, 0, entry);
    this.#points += entry.points;
  }

  #forget(entry: SpoolEntry): void {
    const i = this.#entries.indexOf(entry);
    if (i < 0) return;
    this.#entries.splice(i, 1);
    this.#points -= entry.points;
  }

  /** Two stores replaying one spool would send batches twice and out of order. */
  #lock(): void {
    const path = join(this.dir, LOCK_FILE);
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8').trim());
      if (isAlive(holder)) {
        throw new SkopiaError(
          'telemetry_spool_locked',
          `The telemetry spool ${this.dir} is in use by process ${holder}: give each server its own spool directory.`,
        );
      }
      // The previous owner died without releasing it: the spool is ours now.
      writeFileSync(path, String(process.pid));
    }
    this.#locked = true;
  }
}

function pad(seq: number): string {
  return String(seq).padStart(16, '0');
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A rename is durable only once the directory entry is, hence the fsync of the directory. */
function syncDirSync(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
