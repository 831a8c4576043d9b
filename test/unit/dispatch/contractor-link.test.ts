import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signContractorLink, verifyContractorLink } from '../../../server/dispatch/contractor-link.ts';

const KEY = Buffer.from('0123456789abcdef0123456789abcdef');
const NOW = Date.parse('2026-06-15T10:00:00Z');
const EXPIRES = NOW + 48 * 3_600_000;

describe('contractor links', () => {
  const token = signContractorLink(KEY, 'd-0a1b2c3d4e', EXPIRES);

  it('carry the dispatch id, the expiry in seconds and a base64url HMAC-SHA256', () => {
    expect(token).toMatch(/^d-0a1b2c3d4e\.\d{10}\.[A-Za-z0-9_-]{43}$/);
    expect(verifyContractorLink(KEY, token, NOW)).toEqual({ ok: true, dispatchId: 'd-0a1b2c3d4e', expiresAt: Math.floor(EXPIRES / 1000) * 1000 });
  });

  const [id, expiry, signature] = token.split('.') as [string, string, string];
  const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
  // The 43rd character's lowest two bits are padding: this spelling decodes to the same 32 bytes.
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const respelled = signature.slice(0, -1) + ALPHABET[ALPHABET.indexOf(signature.at(-1) ?? 'A') ^ 1];

  it.each([
    ['a changed signature', `${id}.${expiry}.${flipped}`, 401, 'link_invalid'],
    ['the signature spelt another way (same bytes)', `${id}.${expiry}.${respelled}`, 401, 'link_invalid'],
    ['another dispatch id with this signature', `d-ffffffffff.${expiry}.${signature}`, 401, 'link_invalid'],
    ['a stretched expiry', `${id}.${Number(expiry) + 86_400}.${signature}`, 401, 'link_invalid'],
    ['a link signed with another key', signContractorLink(randomBytes(32), id, EXPIRES), 401, 'link_invalid'],
    ['a truncated link', token.slice(0, -5), 401, 'link_malformed'],
    ['an empty string', '', 401, 'link_malformed'],
    ['junk', 'not a link at all', 401, 'link_malformed'],
  ])('refuse %s (%i %s)', (_what, forged, status, code) => {
    const verdict = verifyContractorLink(KEY, forged, NOW);
    expect(verdict).toMatchObject({ ok: false, status, code });
  });

  it('expire at their expiry, with 410 and a sentence saying whom to call', () => {
    expect(verifyContractorLink(KEY, token, EXPIRES - 1000).ok).toBe(true);
    const verdict = verifyContractorLink(KEY, token, EXPIRES);
    expect(verdict).toMatchObject({ ok: false, status: 410, code: 'link_expired' });
    if (!verdict.ok) expect(verdict.message).toMatch(/expired.*operations room/);
  });

  it('check the signature before the expiry: a forged expired link is 401, not 410', () => {
    expect(verifyContractorLink(KEY, `${id}.${expiry}.${flipped}`, EXPIRES + 1)).toMatchObject({ status: 401 });
  });
});
