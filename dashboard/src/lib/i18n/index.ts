export { I18nManager, LOCALES, type Locale, type MessageParams } from './i18n.svelte.ts';
export type { MessageKey, Messages } from './locales/en.ts';
