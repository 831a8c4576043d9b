import { describe, expect, it } from 'vitest';
import { afmCheckDigit, checkAfm, checkNip, checkTaxId, nipCheckDigit } from '../../../server/registry/contractor-tax-id.ts';

describe('Greek AFM', () => {
  it.each([
    ['099812341', true],
    ['094019245', true],
    ['EL 094 019 245', true],
    ['801552132', true],
    ['099812342', false],
    ['09981234', false],
    ['0998123410', false],
    ['000000000', false],
    ['09981234X', false],
  ])('%s → valid %s', (afm, valid) => {
    expect(checkAfm(afm).ok).toBe(valid);
  });

  it('computes the check digit as Σ dᵢ·2^(8−i) mod 11 mod 10', () => {
    expect(afmCheckDigit('09401924')).toBe(5);
    expect(afmCheckDigit('09981234')).toBe(1);
  });

  it('says which digit it expected', () => {
    expect(checkAfm('099812342')).toEqual({ ok: false, reason: 'AFM check digit is 2, expected 1: check the number for a typo' });
  });
});

describe('Polish NIP', () => {
  it.each([
    ['5261040828', true],
    ['526-104-08-28', true],
    ['PL5261040828', true],
    ['8943012452', true],
    ['5261040827', false],
    ['526104082', false],
    ['52610408281', false],
  ])('%s → valid %s', (nip, valid) => {
    expect(checkNip(nip).ok).toBe(valid);
  });

  it('computes the check digit with weights 6 5 7 2 3 4 5 6 7, and rejects numbers whose sum is 10 mod 11', () => {
    expect(nipCheckDigit('526104082')).toBe(8);
    expect(checkNip('1234567890')).toEqual({ ok: false, reason: 'not a valid NIP: no check digit exists for its first 9 digits' });
  });
});

describe('checkTaxId by the region country', () => {
  it.each([
    ['099812341', 'GR', true],
    ['5261040828', 'GR', false],
    ['5261040828', 'PL', true],
    ['099812341', 'PL', false],
    ['099812341', 'DE', true],
    ['5261040828', 'DE', true],
    ['12345', 'DE', false],
  ])('%s in %s → valid %s', (taxId, country, valid) => {
    expect(checkTaxId(taxId, country).ok).toBe(valid);
  });

  it('returns the digits alone', () => {
    expect(checkTaxId('EL 099-812-341', 'GR')).toEqual({ ok: true, kind: 'afm', digits: '099812341' });
  });
});
