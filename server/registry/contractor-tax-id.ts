/**
 * Tax identification numbers of contractors, checked by their check digit so a typo is caught at
 * entry rather than on the first invoice. Pure.
 *
 *   Greek AFM (ΑΦΜ): 9 digits; the 9th is (Σ dᵢ·2^(8−i), i = 0..7) mod 11 mod 10.
 *   Polish NIP: 10 digits; the 10th is (Σ dᵢ·wᵢ, w = 6 5 7 2 3 4 5 6 7) mod 11, and 10 is never valid.
 */

export type TaxIdKind = 'afm' | 'nip';

export type TaxIdCheck =
  | { readonly ok: true; readonly kind: TaxIdKind; readonly digits: string }
  | { readonly ok: false; readonly reason: string };

const NIP_WEIGHTS = [6, 5, 7, 2, 3, 4, 5, 6, 7] as const;

/** Drops spaces, dashes, dots and an EU VAT prefix (EL, GR, PL): people type them. */
export function normalizeTaxId(raw: string): string {
  return raw.trim().toUpperCase().replace(/^(EL|GR|PL)/, '').replace(/[\s.-]/g, '');
}

function digitsOf(s: string): number[] {
  return [...s].map(Number);
}

export function afmCheckDigit(first8: string): number {
  const sum = digitsOf(first8).reduce((acc, d, i) => acc + d * 2 ** (8 - i), 0);
  return (sum % 11) % 10;
}

/** Null when no check digit exists for these 9 digits (the weighted sum is 10 mod 11). */
export function nipCheckDigit(first9: string): number | null {
  const sum = digitsOf(first9).reduce((acc, d, i) => acc + d * (NIP_WEIGHTS[i] ?? 0), 0);
  const check = sum % 11;
  return check === 10 ? null : check;
}

export function checkAfm(raw: string): TaxIdCheck {
  const s = normalizeTaxId(raw);
  if (!/^\d{9}$/.test(s)) return { ok: false, reason: 'expected a Greek AFM of 9 digits' };
  if (/^0+$/.test(s)) return { ok: false, reason: 'an AFM of all zeros is not valid' };
  const expected = afmCheckDigit(s.slice(0, 8));
  if (Number(s[8]) !== expected) {
    return { ok: false, reason: `AFM check digit is ${s[8]}, expected ${expected}: check the number for a typo` };
  }
  return { ok: true, kind: 'afm', digits: s };
}

export function checkNip(raw: string): TaxIdCheck {
  const s = normalizeTaxId(raw);
  if (!/^\d{10}$/.test(s)) return { ok: false, reason: 'expected a Polish NIP of 10 digits' };
  const expected = nipCheckDigit(s.slice(0, 9));
  if (expected === null) return { ok: false, reason: 'not a valid NIP: no check digit exists for its first 9 digits' };
  if (Number(s[9]) !== expected) {
    return { ok: false, reason: `NIP check digit is ${s[9]}, expected ${expected}: check the number for a typo` };
  }
  return { ok: true, kind: 'nip', digits: s };
}

/**
 * Checks a tax id by the region's country (GR: AFM, PL: NIP). Elsewhere either is accepted when its
 * check digit is right, told apart by length.
 */
export function checkTaxId(raw: string, country: string): TaxIdCheck {
  switch (country.toUpperCase()) {
    case 'GR':
      return checkAfm(raw);
    case 'PL':
      return checkNip(raw);
    default: {
      const s = normalizeTaxId(raw);
      if (s.length === 9) return checkAfm(s);
      if (s.length === 10) return checkNip(s);
      return { ok: false, reason: 'expected a Greek AFM (9 digits) or a Polish NIP (10 digits)' };
    }
  }
}
