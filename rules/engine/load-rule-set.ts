/**
 * Parses and validates rule-set documents (the server reads the files; this stays pure). Either every
 * rule is valid and the set is returned, or nothing is and every problem is listed with file, path and
 * reason, so the rule set in force can stay in force.
 */
import type { z } from 'zod';
import { RuleSetSchema } from './rule-schema.ts';
import type { Rule } from './rule-schema.ts';

export interface RuleSetProblem {
  readonly file?: string;
  /** Where in the document, like `rules[3].condition.raise`; `(document)` for the whole of it. */
  readonly path: string;
  /** The id of the rule the problem is in, when it has a readable one. */
  readonly ruleId?: string;
  readonly reason: string;
}

export type RuleSetLoad =
  | { readonly ok: true; readonly rules: readonly Rule[] }
  | { readonly ok: false; readonly errors: readonly RuleSetProblem[] };

export interface RuleSetDocument {
  readonly file?: string;
  /** JSON text, or an already parsed value. */
  readonly content: unknown;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(document)' : out;
}

function ruleIdAt(document: unknown, path: readonly PropertyKey[]): string | undefined {
  if (path[0] !== 'rules' || typeof path[1] !== 'number') return undefined;
  if (typeof document !== 'object' || document === null) return undefined;
  const rules = (document as { rules?: unknown }).rules;
  if (!Array.isArray(rules)) return undefined;
  const rule: unknown = rules[path[1]];
  if (typeof rule !== 'object' || rule === null) return undefined;
  const id = (rule as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

function problem(file: string | undefined, path: string, reason: string, ruleId?: string): RuleSetProblem {
  return {
    ...(file === undefined ? {} : { file }),
    path,
    ...(ruleId === undefined ? {} : { ruleId }),
    reason,
  };
}

function issuesToProblems(file: string | undefined, document: unknown, issues: readonly z.core.$ZodIssue[]): RuleSetProblem[] {
  return issues.map((issue) => problem(file, formatPath(issue.path), issue.message, ruleIdAt(document, issue.path)));
}

/** One rule-set document: `{ "version": 1, "rules": [...] }`. */
export function loadRuleSet(content: unknown, file?: string): RuleSetLoad {
  let document = content;
  if (typeof content === 'string') {
    try {
      document = JSON.parse(content) as unknown;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, errors: [problem(file, '(document)', `not valid JSON: ${reason}`)] };
    }
  }
  const parsed = RuleSetSchema.safeParse(document);
  if (!parsed.success) return { ok: false, errors: issuesToProblems(file, document, parsed.error.issues) };
  return { ok: true, rules: parsed.data.rules };
}

/** Several documents (one per file in rules/sets/) merged into one set; a rule id must be unique across them. */
export function loadRuleSets(documents: readonly RuleSetDocument[]): RuleSetLoad {
  const errors: RuleSetProblem[] = [];
  const rules: Rule[] = [];
  const firstFile = new Map<string, string>();
  for (const doc of documents) {
    const loaded = loadRuleSet(doc.content, doc.file);
    if (!loaded.ok) {
      errors.push(...loaded.errors);
      continue;
    }
    loaded.rules.forEach((rule, i) => {
      const where = firstFile.get(rule.id);
      if (where !== undefined) {
        errors.push(problem(doc.file, `rules[${i}].id`, `duplicate rule id "${rule.id}" (already in ${where})`, rule.id));
        return;
      }
      firstFile.set(rule.id, doc.file ?? '(unnamed document)');
      rules.push(rule);
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rules };
}
