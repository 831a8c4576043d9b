/**
 * The rule engine's state on disk (DATA_DIR/rule-engine-state.json): pending `for` timers, sample
 * windows, FWI moisture codes, active alerts. Written whole, to a temporary file renamed over the old
 * one, so a crash mid-write leaves the previous state, never half of one.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';

export type LoadedEngineState = { readonly state: unknown; readonly problem: null } | { readonly state: null; readonly problem: string | null };

export class EngineStateFile {
  readonly path: string;
  #writing: Promise<void> | null = null;

  constructor(path: string) {
    this.path = path;
  }

  /** Parsed JSON, or null (no file yet: `problem` null; unreadable: `problem` says why). */
  load(): LoadedEngineState {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: null, problem: null };
      return { state: null, problem: `${this.path} cannot be read (${(error as Error).message}); the rule engine starts fresh` };
    }
    try {
      return { state: JSON.parse(text) as unknown, problem: null };
    } catch (error) {
      return { state: null, problem: `${this.path} is not valid JSON (${(error as Error).message}); the rule engine starts fresh` };
    }
  }

  /** Writes in the background; a save while one is running is skipped (the next one is a minute away). */
  save(json: string): Promise<void> {
    if (this.#writing !== null) return this.#writing;
    const tmp = `${this.path}.tmp`;
    this.#writing = writeFile(tmp, json)
      .then(() => rename(tmp, this.path))
      .finally(() => {
        this.#writing = null;
      });
    return this.#writing;
  }

  /** At shutdown: after any background write, synchronously, so the newest state is what stays. */
  async saveFinal(json: string): Promise<void> {
    await this.#writing?.catch(() => undefined);
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, json);
    renameSync(tmp, this.path);
  }
}
