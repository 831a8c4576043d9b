/** No 0/O, 1/l/I: the password is read out or copied by hand to the new user. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const GROUPS = 4;
const GROUP_LENGTH = 5;

/**
 * Pure given its random source: a first password an admin hands to a new user, four groups of five
 * characters (about 115 bits). `fill` fills an array with random bytes (crypto.getRandomValues).
 */
export function suggestPassword(fill: (bytes: Uint8Array<ArrayBuffer>) => unknown): string {
  const groups: string[] = [];
  // Rejection sampling: bytes above the largest multiple of the alphabet's size would favour its start.
  const limit = 256 - (256 % ALPHABET.length);
  for (let g = 0; g < GROUPS; g++) {
    let group = '';
    while (group.length < GROUP_LENGTH) {
      const bytes = new Uint8Array(GROUP_LENGTH * 2);
      fill(bytes);
      for (const byte of bytes) {
        if (byte < limit && group.length < GROUP_LENGTH) group += ALPHABET[byte % ALPHABET.length] ?? '';
      }
    }
    groups.push(group);
  }
  return groups.join('-');
}
