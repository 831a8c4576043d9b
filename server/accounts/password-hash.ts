import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Users' passwords, hashed with scrypt: `scrypt$<log2 N>$<r>$<p>$<base64 salt>$<base64 key>`.
 * The parameters travel with the hash, so raising the cost later leaves old hashes verifiable.
 * N = 2^15, r = 8, p = 1 takes about 50-100 ms and 32 MiB: slow for an attacker, fine for a login.
 */
export interface ScryptCost {
  readonly log2N: number;
  readonly r: number;
  readonly p: number;
}

export const DEFAULT_SCRYPT_COST: ScryptCost = { log2N: 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function scryptAsync(password: string, salt: Buffer, cost: ScryptCost, keyLength: number): Promise<Buffer> {
  const N = 2 ** cost.log2N;
  // Node refuses when 128·N·r reaches maxmem (32 MiB by default, exactly our cost), so give headroom.
  const options: ScryptOptions = { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashUserPassword(password: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await scryptAsync(password, salt, cost, KEY_LENGTH);
  return ['scrypt', cost.log2N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$');
}

const ENCODED = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

/** Constant-time comparison; false (never a throw) for a malformed or foreign hash. */
export async function verifyUserPassword(password: string, encoded: string): Promise<boolean> {
  const m = ENCODED.exec(encoded);
  if (!m) return false;
  const cost = { log2N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (cost.log2N < 10 || cost.log2N > 20 || cost.r < 1 || cost.p < 1) return false;
  const expected = Buffer.from(m[5] as string, 'base64');
  if (expected.length < 16) return false;
  const actual = await scryptAsync(password, Buffer.from(m[4] as string, 'base64'), cost, expected.length);
  return timingSafeEqual(actual, expected);
}

/**
 * A hash of no one's password, verified when the username is unknown so that a wrong username
 * takes as long as a wrong password and does not tell an attacker which accounts exist.
 */
let decoy: Promise<string> | null = null;
export function decoyPasswordHash(): Promise<string> {
  decoy ??= hashUserPassword(randomBytes(18).toString('base64'));
  return decoy;
}
