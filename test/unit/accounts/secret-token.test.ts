import { describe, expect, it } from 'vitest';
import { csrfTokenFor, generateSecret, hashSecret, looksLikeSecret, safeEqual } from '../../../server/accounts/secret-token.ts';

describe('secrets', () => {
  it('makes 32 random URL-safe bytes with a prefix naming the kind', () => {
    const kiosk = generateSecret('kiosk');
    expect(kiosk).toMatch(/^skk_[A-Za-z0-9_-]{43}$/);
    expect(generateSecret('api')).toMatch(/^ska_/);
    expect(generateSecret('session')).toMatch(/^sks_/);
    expect(generateSecret('kiosk')).not.toBe(kiosk);
    expect(encodeURIComponent(kiosk)).toBe(kiosk);
  });

  it('recognises its own kind only', () => {
    const api = generateSecret('api');
    expect(looksLikeSecret('api', api)).toBe(true);
    expect(looksLikeSecret('kiosk', api)).toBe(false);
    expect(looksLikeSecret('api', `${api}x`)).toBe(false);
    expect(looksLikeSecret('api', `ska_${'a'.repeat(42)}'`)).toBe(false);
  });

  it('stores a SHA-256, never the secret', () => {
    expect(hashSecret('ska_x')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret('ska_x')).toBe(hashSecret('ska_x'));
  });

  it('derives a CSRF token per session that reveals nothing of the session secret', () => {
    const secret = generateSecret('session');
    const csrf = csrfTokenFor(secret);
    expect(csrf).toBe(csrfTokenFor(secret));
    expect(csrf).not.toBe(csrfTokenFor(generateSecret('session')));
    expect(csrf).not.toContain(secret.slice(4, 20));
    expect(csrf).not.toBe(hashSecret(secret));
  });

  it('compares in constant time, including different lengths', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});
