import { COMMON_PASSWORD_WORDS } from './common-passwords.ts';

export const MIN_PASSWORD_LENGTH = 12;
/** Long enough for any passphrase, short enough that hashing it cannot be used to waste our CPU. */
export const MAX_PASSWORD_LENGTH = 256;

export interface PasswordProblem {
  readonly code: 'too_short' | 'too_long' | 'common' | 'repetitive' | 'sequence' | 'contains_name';
  readonly message: string;
}

/** Runs such as `abcd`, `4321` or `qwer`: each character one step from the last. */
function isSequence(s: string): boolean {
  const rows = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
  let stepping = 0;
  for (let i = 1; i < s.length; i++) {
    const pair = (s[i - 1] ?? '') + (s[i] ?? '');
    const reversed = (s[i] ?? '') + (s[i - 1] ?? '');
    if (rows.some((row) => row.includes(pair) || row.includes(reversed))) stepping++;
  }
  return stepping >= s.length - 2;
}

const LEET: Readonly<Record<string, string>> = { '@': 'a', '4': 'a', '3': 'e', '1': 'i', '!': 'i', '0': 'o', '$': 's', '5': 's', '7': 't' };

/** Whether the letters are nothing but common words one after another: `password`, `adminadmin`, `letmeinplease`... */
function onlyCommonWords(letters: string): boolean {
  if (letters === '') return false;
  const reachable = [true, ...Array<boolean>(letters.length).fill(false)];
  for (let end = 1; end <= letters.length; end++) {
    for (let start = Math.max(0, end - 20); start < end && !reachable[end]; start++) {
      if (reachable[start] && COMMON_PASSWORD_WORDS.has(letters.slice(start, end))) reachable[end] = true;
    }
  }
  return reachable[letters.length] === true;
}

/** `P@ssw0rd2024!!` and `Password!Password!` are common words dressed up with digits, symbols and l33t. */
function isCommon(password: string): boolean {
  const lower = password.toLowerCase();
  const plain = lower.replace(/[^a-z]/g, '');
  const core = lower.replace(/^[^a-z@$]+|[^a-z]+$/g, '');
  const unleet = [...core].map((c) => LEET[c] ?? c).join('').replace(/[^a-z]/g, '');
  return COMMON_PASSWORD_WORDS.has(lower) || onlyCommonWords(plain) || onlyCommonWords(unleet);
}

/**
 * Pure: the reasons a new password is too weak, empty when it is acceptable. Checks length, the
 * common-password words (also with digits, symbols and l33t around them), repeats, keyboard runs,
 * and the user's own name.
 */
export function passwordProblems(password: string, personal: readonly string[] = []): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    problems.push({ code: 'too_short', message: `Use at least ${MIN_PASSWORD_LENGTH} characters; a few unrelated words make a good one.` });
  }
  if (length > MAX_PASSWORD_LENGTH) problems.push({ code: 'too_long', message: `Use at most ${MAX_PASSWORD_LENGTH} characters.` });
  const lower = password.toLowerCase();
  if (isCommon(password)) {
    problems.push({ code: 'common', message: 'This password is built on one of the most common passwords; choose words of your own.' });
  }
  if (new Set(lower).size < 5) problems.push({ code: 'repetitive', message: 'Use more different characters: this one repeats a few.' });
  else if (isSequence(lower)) problems.push({ code: 'sequence', message: 'Avoid runs such as abcd, 1234 or qwerty.' });
  for (const name of personal) {
    const n = name.trim().toLowerCase();
    if (n.length >= 3 && lower.includes(n)) {
      problems.push({ code: 'contains_name', message: 'Do not put your user name or display name in your password.' });
      break;
    }
  }
  return problems;
}
