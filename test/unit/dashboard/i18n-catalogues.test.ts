import { describe, expect, it } from 'vitest';
import { el } from '../../../dashboard/src/lib/i18n/locales/el.ts';
import { en } from '../../../dashboard/src/lib/i18n/locales/en.ts';
import { pl } from '../../../dashboard/src/lib/i18n/locales/pl.ts';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

/** The compiler already demands every key; this checks what it cannot: placeholders and emptiness. */
describe.each([
  ['el', el],
  ['pl', pl],
])('the %s catalogue', (_name, catalogue) => {
  it('has every English key and no other', () => {
    expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort());
  });

  it('keeps the placeholders of every message', () => {
    const wrong = Object.entries(en).filter(([key, text]) => placeholders(catalogue[key as keyof typeof en]).join() !== placeholders(text).join());
    expect(wrong.map(([key]) => key)).toEqual([]);
  });

  it('leaves no message empty', () => {
    expect(Object.entries(catalogue).filter(([, text]) => text.trim() === '')).toEqual([]);
  });
});
