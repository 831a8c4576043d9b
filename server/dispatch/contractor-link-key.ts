import { randomBytes } from 'node:crypto';
import type { StateDb } from '../store/state-store.ts';

/**
 * The secret that signs contractor links: made at first start (32 random bytes) and kept in the state
 * store, so links survive restarts and a restored backup still honours them.
 */
export function loadOrCreateLinkKey(db: StateDb, now: () => number): Buffer {
  const newest = () => db.prepare<[], { secret: Buffer }>('SELECT secret FROM contractor_link_keys ORDER BY id DESC LIMIT 1').get();
  const found = newest();
  if (found) return found.secret;
  db.prepare('INSERT INTO contractor_link_keys (secret, created_at) VALUES (?, ?)').run(randomBytes(32), now());
  const made = newest();
  if (!made) throw new Error('the contractor link key could not be stored');
  return made.secret;
}
