/** The last rule set that loaded cleanly (migration 024): what runs when the files on disk are broken at start. */
import type { RuleSetDocument } from '../../rules/index.ts';
import type { StateDb } from '../store/state-store.ts';

export interface ArchivedRuleSet {
  readonly loadedAt: number;
  readonly documents: readonly { readonly file: string; readonly content: string }[];
}

export class RuleSetArchive {
  readonly #db: StateDb;

  constructor(db: StateDb) {
    this.#db = db;
  }

  save(documents: readonly { readonly file: string; readonly content: string }[], at: number): void {
    this.#db
      .prepare('INSERT INTO rule_set_in_force (id, loaded_at, documents_json) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET loaded_at = excluded.loaded_at, documents_json = excluded.documents_json')
      .run(at, JSON.stringify(documents));
  }

  load(): ArchivedRuleSet | null {
    const row = this.#db.prepare<[], { loaded_at: number; documents_json: string }>('SELECT loaded_at, documents_json FROM rule_set_in_force WHERE id = 1').get();
    if (row === undefined) return null;
    return { loadedAt: row.loaded_at, documents: JSON.parse(row.documents_json) as { file: string; content: string }[] };
  }
}

export function asDocuments(files: readonly { readonly file: string; readonly content: string }[]): RuleSetDocument[] {
  return files.map((f) => ({ file: f.file, content: f.content }));
}
