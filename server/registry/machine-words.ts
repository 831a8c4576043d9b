import type { MachineType } from '../contracts/machinery.ts';

/**
 * Machine types and capabilities in plain English words, for reasons and messages
 * ("water tanker — suited to fire"). Dashboards translate by code; these are the server's words.
 */
export function machineTypeWords(type: MachineType): string {
  return type.replaceAll('_', ' ');
}

/** "water tanker, bulldozer or grader" */
export function listWords(words: readonly string[], conjunction = 'or'): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1] ?? ''}`;
}

export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}
