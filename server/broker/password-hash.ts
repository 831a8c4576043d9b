import { pbkdf2, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);

/**
 * Mosquitto 2's password hash: `$7$<iterations>$<base64 salt>$<base64 PBKDF2-HMAC-SHA512>`.
 * Mosquitto's own tool uses 101 iterations; we use more, which Mosquitto reads from the string.
 */
export const GATEWAY_HASH_ITERATIONS = 20_000;

export function hashGatewayPassword(password: string, iterations = GATEWAY_HASH_ITERATIONS): string {
  const salt = randomBytes(12);
  const hash = pbkdf2Sync(password, salt, iterations, 64, 'sha512');
  return `$7$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyGatewayPassword(password: string, encoded: string): Promise<boolean> {
  const m = /^\$7\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(encoded);
  if (!m) return false;
  const expected = Buffer.from(m[3] as string, 'base64');
  const actual = await pbkdf2Async(password, Buffer.from(m[2] as string, 'base64'), Number(m[1]), expected.length, 'sha512');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A password for a machine to use: 24 random bytes, URL-safe. */
export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}
