import { describe, expect, it } from 'vitest';
import { decimalFields } from '../../../dashboard/src/lib/decimal-fields.ts';

describe('decimal fields', () => {
  it('leaves blanks out, reads a decimal comma, and passes anything else on for the server to name', () => {
    const got = decimalFields({ a: ' 12,5 ', b: '', c: '7', d: 'lots', other: '3' }, ['a', 'b', 'c', 'd', 'e'] as const);
    expect(got).toEqual({ a: 12.5, c: 7, d: Number.NaN });
    expect('b' in got || 'e' in got || 'other' in got).toBe(false);
  });
});
