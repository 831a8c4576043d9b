/**
 * Which dashboard a URL opens. A wall screen has nobody at its keyboard, so everything it needs is in
 * its link: `/?kiosk=<token>` (or `/wall?kiosk=<token>`), with `lang=el|pl|en`, `sound=1` for an alert
 * chime, `rotate=<seconds>` for how long each active alert stays in focus. Anything else is the
 * officer's console, which asks for a sign-in.
 */
export type AppMode =
  | {
      readonly kind: 'wall';
      /** Null on `/wall` without a token: a signed-in officer's browser showing the wall view. */
      readonly kiosk: string | null;
      readonly lang: string | null;
      readonly sound: boolean;
      readonly rotateMs: number;
    }
  | { readonly kind: 'console'; readonly lang: string | null };

export const DEFAULT_ROTATE_S = 12;
const MIN_ROTATE_S = 4;
const MAX_ROTATE_S = 600;

const TRUE_WORDS = new Set(['1', 'true', 'on', 'yes']);

export function appModeFromUrl(url: { readonly pathname: string; readonly search: string }): AppMode {
  const params = new URLSearchParams(url.search);
  const kiosk = params.get('kiosk');
  const lang = params.get('lang');
  const wallPath = /^\/wall(\/|\/index\.html|\.html)?$/.test(url.pathname);
  if ((kiosk === null || kiosk === '') && !wallPath) return { kind: 'console', lang };
  const sound = TRUE_WORDS.has((params.get('sound') ?? '').toLowerCase());
  const rotate = Number(params.get('rotate') ?? DEFAULT_ROTATE_S);
  const rotateS = Number.isFinite(rotate) ? Math.min(MAX_ROTATE_S, Math.max(MIN_ROTATE_S, rotate)) : DEFAULT_ROTATE_S;
  return { kind: 'wall', kiosk: kiosk === '' ? null : kiosk, lang, sound, rotateMs: Math.round(rotateS * 1000) };
}
