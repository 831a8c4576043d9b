import { describe, expect, it } from 'vitest';
import { parseCookies, serializeCookie } from '../../../server/accounts/cookies.ts';

describe('parseCookies', () => {
  it.each([
    [undefined, {}],
    ['', {}],
    ['a=1', { a: '1' }],
    ['a=1; b=2', { a: '1', b: '2' }],
    ['a=1;b=2;  c = 3 ', { a: '1', b: '2', c: '3' }],
    ['a="quoted value"', { a: 'quoted value' }],
    ['a=%3Cx%3E', { a: '<x>' }],
    ['a=%E0%A4%A', { a: '%E0%A4%A' }],
    ['a=1; a=2', { a: '1' }],
    ['=nameless; flag; b=', { b: '' }],
    ['skopia_session=sks_abc=def', { skopia_session: 'sks_abc=def' }],
  ])('%j → %j', (header, expected) => {
    expect(Object.fromEntries(parseCookies(header))).toEqual(expected);
  });
});

describe('serializeCookie', () => {
  it('writes the attributes of the session cookie', () => {
    expect(serializeCookie('skopia_session', 'sks_x', { httpOnly: true, secure: true, sameSite: 'Strict', maxAge: 43_200 })).toBe(
      'skopia_session=sks_x; Path=/; Max-Age=43200; HttpOnly; Secure; SameSite=Strict',
    );
    expect(serializeCookie('skopia_csrf', '', { sameSite: 'Strict', maxAge: 0 })).toBe('skopia_csrf=; Path=/; Max-Age=0; SameSite=Strict');
  });

  it('encodes values so that no attribute or header can be injected', () => {
    const header = serializeCookie('a', 'x; Domain=evil.example\r\nSet-Cookie: b=1');
    expect(header).not.toMatch(/[;\r\n] ?Domain|\r|\n/);
    expect(Object.fromEntries(parseCookies(header.split('; ')[0]))).toEqual({ a: 'x; Domain=evil.example\r\nSet-Cookie: b=1' });
  });

  it('refuses a name that is not a token', () => {
    expect(() => serializeCookie('a b', 'x')).toThrow(/invalid cookie name/);
  });
});
