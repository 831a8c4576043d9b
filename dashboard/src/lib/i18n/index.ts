export { I18nManager, isLocale, LOCALE_NAMES, LOCALES, type Locale, type MessageParams } from './i18n.svelte.ts';
export { i18nContext, useI18n } from './context.ts';
export type { MessageKey, Messages } from './locales/en.ts';
