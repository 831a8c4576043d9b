import { describe, expect, it } from 'vitest';
import { decoyPasswordHash, hashUserPassword, verifyUserPassword } from '../../../server/accounts/password-hash.ts';

const FAST = { log2N: 10, r: 8, p: 1 };

describe('user password hashing (scrypt)', () => {
  it('uses N=2^15, r=8, p=1 and a per-user salt by default', async () => {
    const a = await hashUserPassword('olive grove thunder lamp');
    const b = await hashUserPassword('olive grove thunder lamp');
    expect(a).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(a).not.toBe(b);
    expect(await verifyUserPassword('olive grove thunder lamp', a)).toBe(true);
    expect(await verifyUserPassword('olive grove thunder lamp ', a)).toBe(false);
  });

  it('verifies with the cost stored in the hash', async () => {
    const hash = await hashUserPassword('μελτέμι στο Πολύγυρο', FAST);
    expect(hash.startsWith('scrypt$10$8$1$')).toBe(true);
    expect(await verifyUserPassword('μελτέμι στο Πολύγυρο', hash)).toBe(true);
    // Unicode is normalised: the same word typed with a combining accent still matches.
    expect(await verifyUserPassword('μελτε\u0301μι στο Πολύγυρο', hash)).toBe(true);
  });

  it.each(['', 'plain', '$7$101$abc$def', 'scrypt$30$8$1$AAAA$AAAA', 'scrypt$15$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA'])('says false, never throws, for the malformed hash %j', async (hash) => {
    expect(await verifyUserPassword('x', hash)).toBe(false);
  });

  it('has a decoy hash that matches nothing, for unknown user names', async () => {
    const decoy = await decoyPasswordHash();
    expect(decoy).toBe(await decoyPasswordHash());
    expect(await verifyUserPassword('', decoy)).toBe(false);
  });
});
