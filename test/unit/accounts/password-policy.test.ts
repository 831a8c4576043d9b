import { describe, expect, it } from 'vitest';
import { passwordProblems } from '../../../server/accounts/password-policy.ts';

const codes = (password: string, personal: string[] = []) => passwordProblems(password, personal).map((p) => p.code);

describe('passwordProblems', () => {
  it.each([
    'correct horse battery staple',
    'olive grove thunder lamp',
    'Kalimera-Polygyro-7-Vrochi',
    'μελτέμι στο Πολύγυρο 42',
    'Ogień nad Odrą, 2026!',
  ])('accepts %j', (password) => {
    expect(codes(password)).toEqual([]);
  });

  it.each([
    ['short1!', ['too_short']],
    ['x'.repeat(257), ['too_long', 'repetitive']],
    ['password1234', ['common']],
    ['P@ssw0rd2024!!', ['common']],
    ['Password!Password!', ['common']],
    ['qwertyuiop123', ['common', 'sequence']],
    ['letmeinletmein', ['common']],
    ['adminadminadmin1', ['common']],
    ['Skopia2026Admin!', ['common']],
    ['aaaaaaaaaaaaaaaa', ['repetitive']],
    ['abababababab', ['repetitive']],
    ['123456789012', ['sequence']],
    ['abcdefghijklmnop', ['sequence']],
    ['9876543210987', ['sequence']],
  ])('refuses %j with %j', (password, expected) => {
    expect(codes(password)).toEqual(expected);
  });

  it('refuses a password containing the user name or display name', () => {
    expect(codes('maria-summer-meadow-42', ['maria', 'Maria K.'])).toEqual(['contains_name']);
    expect(codes('quiet river stones 9', ['mk'])).toEqual([]);
  });

  it('gives every reason a sentence a person can act on', () => {
    for (const p of passwordProblems('aaa')) expect(p.message).toMatch(/^[A-Z].*\.$/);
  });
});
