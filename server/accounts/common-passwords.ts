/**
 * Words that top every leaked-password list, in any language an operations room here might use.
 * A password that is one of these, padded with digits, symbols or repeats, is refused: length alone
 * does not stop `Password1234!` or `qwertyuiop123`.
 */
export const COMMON_PASSWORD_WORDS: ReadonlySet<string> = new Set([
  'password', 'passwort', 'haslo', 'kodikos', 'passw0rd', 'p4ssw0rd', 'pass', 'pwd',
  'qwerty', 'qwertyuiop', 'qwertz', 'azerty', 'asdf', 'asdfgh', 'asdfghjkl', 'zxcvbn', 'zxcvbnm', 'qazwsx', '1q2w3e4r', '1qaz2wsx',
  'admin', 'administrator', 'root', 'user', 'guest', 'test', 'demo', 'default', 'changeme', 'letmein', 'welcome', 'login',
  'secret', 'master', 'access', 'trustno', 'iloveyou', 'loveyou', 'love', 'monkey', 'dragon', 'shadow', 'sunshine',
  'princess', 'football', 'baseball', 'soccer', 'superman', 'batman', 'starwars', 'pokemon', 'michael', 'jordan',
  'hello', 'freedom', 'whatever', 'computer', 'internet', 'abc', 'abcdef', 'abcdefgh', 'abcdefghijkl', 'abcabc',
  'skopia', 'polygyros', 'siechnice', 'chalkidiki', 'thessaloniki', 'athens', 'wroclaw', 'warszawa', 'polska', 'hellas',
  'greece', 'poland', 'emergency', 'civilprotection', 'firefighter', 'fire', 'flood', 'alarm', 'operator', 'viewer',
  'summer', 'winter', 'spring', 'autumn', 'january', 'december', 'monday', 'friday',
]);
