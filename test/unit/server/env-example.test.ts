import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigSchema, parseConfig } from '../../../server/config.ts';

describe('.env.example', () => {
  const text = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
  const documented = [...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);

  it('documents every configuration variable, and only those', () => {
    expect(new Set(documented)).toEqual(new Set(Object.keys(ConfigSchema.shape)));
  });

  it('is itself a valid configuration', () => {
    const env: Record<string, string | undefined> = Object.fromEntries(
      [...text.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m): [string, string] => [m[1] ?? "", m[2] ?? ""]),
    );
    expect(() => parseConfig(env)).not.toThrow();
  });
});
