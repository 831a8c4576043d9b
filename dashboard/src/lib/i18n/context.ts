import { getContext, setContext } from 'svelte';
import type { I18nManager } from './i18n.svelte.ts';

const KEY = Symbol('i18n');

/** Called once by the root component; every component below reads the same manager. */
export function provideI18n(i18n: I18nManager): void {
  setContext(KEY, i18n);
}

export function useI18n(): I18nManager {
  const i18n = getContext<I18nManager | undefined>(KEY);
  if (i18n === undefined) throw new Error('useI18n() called outside the App component tree');
  return i18n;
}
