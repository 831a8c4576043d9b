import { getContext } from 'svelte';
import type { I18nManager } from './i18n.svelte.ts';

const KEY = Symbol('i18n');

/** The context `mount(App, { context })` starts with, so every component reads the same manager. */
export function i18nContext(i18n: I18nManager): Map<symbol, unknown> {
  return new Map([[KEY, i18n]]);
}

export function useI18n(): I18nManager {
  const i18n = getContext<I18nManager | undefined>(KEY);
  if (i18n === undefined) throw new Error('useI18n() called outside the App component tree');
  return i18n;
}
