import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Bearer secrets: 32 random bytes, URL-safe, with a prefix that says what the secret is (so a leaked
 * one is recognised by secret scanners and in support requests). Only their SHA-256 is stored:
 * the secrets are random, so a slow hash would add nothing but latency on every request.
 */
export const SECRET_PREFIX = { session: 'sks_', kiosk: 'skk_', api: 'ska_' } as const;
export type SecretKind = keyof typeof SECRET_PREFIX;

export function generateSecret(kind: SecretKind): string {
  return SECRET_PREFIX[kind] + randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Rejects obvious garbage before any lookup: right prefix, right length, URL-safe alphabet. */
export function looksLikeSecret(kind: SecretKind, value: string): boolean {
  return value.length === SECRET_PREFIX[kind].length + 43 && value.startsWith(SECRET_PREFIX[kind]) && /^[A-Za-z0-9_-]+$/.test(value.slice(4));
}

/**
 * The CSRF token of a session: derived from the session secret, so it needs no storage, changes
 * with every session, and cannot be computed by anyone who cannot read the HttpOnly cookie.
 */
export function csrfTokenFor(sessionSecret: string): string {
  return createHash('sha256').update('skopia-csrf\0', 'utf8').update(sessionSecret, 'utf8').digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
