import { openStateStore, type StateDb } from '../../../server/store/state-store.ts';

/** A clock a test moves by hand. */
export class ManualClock {
  t: number;
  constructor(start = Date.UTC(2026, 6, 1, 8)) {
    this.t = start;
  }
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export function memoryDb(): StateDb {
  return openStateStore(':memory:');
}
