/**
 * The rule files in RULES_DIR (every `*.json`, in name order) as the rule set in force. A change is
 * picked up without a restart: fs.watch on the directory (debounced: editors write a file in several
 * steps), and a poll as the fallback where watching is unreliable (network file systems, containers).
 * A set that fails validation is rejected whole, with file, path and reason, and the set in force
 * stays in force.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { loadRuleSets, type Rule, type RuleSetDocument, type RuleSetLoad, type RuleSetProblem } from '../../rules/index.ts';
import type { RuleSetArchive } from './rule-set-archive.ts';

export interface RuleFile {
  readonly file: string;
  readonly content: string;
}

export interface RuleSetStatus {
  readonly dir: string;
  /** Where the rules in force came from: the files, the archived last good set (files broken at start), or nowhere. */
  readonly source: 'files' | 'last-good' | 'none';
  readonly files: readonly string[];
  readonly loadedAt: number | null;
  readonly lastCheckedAt: number | null;
  /** The newest attempt's problems; empty when the files on disk are the set in force. */
  readonly rejected: { readonly at: number; readonly errors: readonly RuleSetProblem[] } | null;
}

export interface RuleSetSourceOptions {
  readonly dir: string;
  readonly archive: RuleSetArchive;
  readonly pollMs: number;
  readonly debounceMs?: number;
  readonly now: () => number;
  readonly log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  /** A new valid rule set is in force. */
  readonly onChange: (rules: readonly Rule[]) => void;
}

async function readRuleFiles(dir: string): Promise<RuleFile[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
  const files: RuleFile[] = [];
  for (const name of names) {
    try {
      files.push({ file: join(dir, name), content: await readFile(join(dir, name), 'utf8') });
    } catch (error) {
      // Deleted between readdir and readFile: the next event brings the directory as it is then.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return files;
}

function digest(files: readonly RuleFile[]): string {
  const h = createHash('sha256');
  for (const f of files) h.update(f.file).update('\0').update(f.content).update('\0');
  return h.digest('hex');
}

/** A draft checked against the set in force: alone, or (with a file name) as that file of the set. */
export function validateDraft(inForce: readonly RuleFile[], content: unknown, file: string | undefined): RuleSetLoad {
  if (file === undefined) return loadRuleSets([{ file: '(draft)', content }]);
  const others: RuleSetDocument[] = inForce.filter((f) => f.file !== file && !f.file.endsWith(`/${file}`)).map((f) => ({ file: f.file, content: f.content }));
  return loadRuleSets([...others, { file, content }]);
}

export class RuleSetSource {
  readonly #o: RuleSetSourceOptions;
  #inForce: RuleFile[] = [];
  #rules: readonly Rule[] = [];
  #inForceDigest: string | null = null;
  #lastDigest: string | null = null;
  #source: RuleSetStatus['source'] = 'none';
  #loadedAt: number | null = null;
  #lastCheckedAt: number | null = null;
  #rejected: RuleSetStatus['rejected'] = null;
  #watcher: FSWatcher | null = null;
  #poll: NodeJS.Timeout | null = null;
  #debounce: NodeJS.Timeout | null = null;
  #checking: Promise<boolean> | null = null;
  #again = false;
  #closed = false;

  constructor(options: RuleSetSourceOptions) {
    this.#o = options;
  }

  /** Every rule of the set in force, disabled ones included, as validated. */
  get rules(): readonly Rule[] {
    return this.#rules;
  }

  /** The files of the set in force (their content when it loaded). */
  get files(): readonly RuleFile[] {
    return this.#inForce;
  }

  status(): RuleSetStatus {
    return {
      dir: this.#o.dir,
      source: this.#source,
      files: this.#inForce.map((f) => f.file),
      loadedAt: this.#loadedAt,
      lastCheckedAt: this.#lastCheckedAt,
      rejected: this.#rejected,
    };
  }

  /**
   * The rules to start with: the files, or when they are broken the last good set from the state
   * store (and the problems are reported), or none at all on a first start with broken files.
   */
  async initial(): Promise<readonly Rule[]> {
    const at = this.#o.now();
    this.#lastCheckedAt = at;
    let files: RuleFile[] = [];
    let result: RuleSetLoad;
    try {
      files = await readRuleFiles(this.#o.dir);
      result = files.length === 0 ? { ok: false, errors: [{ path: '(directory)', reason: `no *.json rule files in ${this.#o.dir}` }] } : loadRuleSets(files);
    } catch (error) {
      result = { ok: false, errors: [{ path: '(directory)', reason: `cannot read ${this.#o.dir}: ${(error as Error).message}` }] };
    }
    this.#lastDigest = digest(files);
    if (result.ok) {
      this.#accept(files, result.rules, at, 'files');
      return result.rules;
    }
    this.#reject(result.errors, at);
    const archived = this.#o.archive.load();
    if (archived !== null) {
      const fallback = loadRuleSets(archived.documents);
      if (fallback.ok) {
        this.#inForce = [...archived.documents];
        this.#inForceDigest = digest(archived.documents);
        this.#source = 'last-good';
        this.#loadedAt = archived.loadedAt;
        this.#rules = fallback.rules;
        this.#o.log.error(`The rule files in ${this.#o.dir} are invalid; running the last good rule set from ${new Date(archived.loadedAt).toISOString()} until they are fixed.`);
        return fallback.rules;
      }
    }
    this.#o.log.error(`The rule files in ${this.#o.dir} are invalid and no earlier rule set is known: NO RULES RUN until they are fixed.`);
    return [];
  }

  /** Starts watching the directory and polling it. */
  start(): void {
    try {
      this.#watcher = watch(this.#o.dir, { persistent: false }, () => this.#schedule());
      this.#watcher.on('error', (error) => {
        this.#o.log.warn({ err: error }, `watching ${this.#o.dir} failed; rule changes are picked up by polling`);
        this.#watcher?.close();
        this.#watcher = null;
      });
    } catch (error) {
      this.#o.log.warn({ err: error }, `cannot watch ${this.#o.dir}; rule changes are picked up by polling`);
    }
    this.#poll = setInterval(() => void this.check(), this.#o.pollMs);
    this.#poll.unref();
  }

  #schedule(): void {
    if (this.#closed) return;
    if (this.#debounce) clearTimeout(this.#debounce);
    this.#debounce = setTimeout(() => {
      this.#debounce = null;
      void this.check();
    }, this.#o.debounceMs ?? 250);
    this.#debounce.unref();
  }

  /** Reads the files again; true when a new rule set came into force. Concurrent calls coalesce. */
  check(): Promise<boolean> {
    if (this.#checking !== null) {
      this.#again = true;
      return this.#checking;
    }
    this.#checking = this.#check()
      .catch((error: unknown) => {
        this.#o.log.error({ err: error }, `checking the rule files in ${this.#o.dir} failed; the rule set in force stays`);
        return false;
      })
      .finally(() => {
        this.#checking = null;
        if (this.#again && !this.#closed) {
          this.#again = false;
          void this.check();
        }
      });
    return this.#checking;
  }

  async #check(): Promise<boolean> {
    if (this.#closed) return false;
    const at = this.#o.now();
    this.#lastCheckedAt = at;
    let files: RuleFile[];
    try {
      await stat(this.#o.dir);
      files = await readRuleFiles(this.#o.dir);
    } catch (error) {
      this.#reject([{ path: '(directory)', reason: `cannot read ${this.#o.dir}: ${(error as Error).message}` }], at);
      return false;
    }
    const d = digest(files);
    if (d === this.#lastDigest) return false;
    this.#lastDigest = d;
    if (d === this.#inForceDigest) {
      // Back to the set in force (a broken edit undone): nothing to reload, nothing wrong any more.
      this.#rejected = null;
      this.#source = 'files';
      return false;
    }
    const result = files.length === 0 ? ({ ok: false, errors: [{ path: '(directory)', reason: `no *.json rule files in ${this.#o.dir}` }] } as const) : loadRuleSets(files);
    if (!result.ok) {
      this.#reject(result.errors, at);
      return false;
    }
    this.#accept(files, result.rules, at, 'files');
    this.#o.log.info({ files: files.map((f) => f.file), rules: result.rules.length }, 'rule set reloaded');
    this.#o.onChange(result.rules);
    return true;
  }

  #accept(files: RuleFile[], rules: readonly Rule[], at: number, source: RuleSetStatus['source']): void {
    this.#inForce = files;
    this.#rules = rules;
    this.#inForceDigest = digest(files);
    this.#source = source;
    this.#loadedAt = at;
    this.#rejected = null;
    this.#o.archive.save(files, at);
  }

  #reject(errors: readonly RuleSetProblem[], at: number): void {
    this.#rejected = { at, errors };
    for (const e of errors) {
      this.#o.log.warn({ file: e.file, path: e.path, ruleId: e.ruleId, reason: e.reason }, `rule set rejected, the one in force stays: ${e.file ?? this.#o.dir}: ${e.path}: ${e.reason}`);
    }
  }

  close(): void {
    this.#closed = true;
    this.#watcher?.close();
    if (this.#poll) clearInterval(this.#poll);
    if (this.#debounce) clearTimeout(this.#debounce);
  }
}
