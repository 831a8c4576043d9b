import type { StateDb } from '../store/state-store.ts';
import { generateSecret, hashSecret } from './secret-token.ts';

export interface SessionPolicy {
  /** A session ends this long after sign-in, whatever happens. */
  readonly ttlMs: number;
  /** ... or this long after its last request. */
  readonly idleMs: number;
}

export interface SessionRecord {
  readonly tokenHash: string;
  readonly userId: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  readonly expiresAt: number;
}

interface Row {
  token_hash: string;
  user_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

const toRecord = (r: Row): SessionRecord => ({ tokenHash: r.token_hash, userId: r.user_id, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at });

/** Activity is written at most this often per session: the idle clock needs minutes, not every request. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Browser sessions. The cookie carries a random secret; the table holds its SHA-256. Expired rows
 * are swept on creation, so the table stays as small as the number of people signed in.
 */
export class SessionStore {
  readonly #db: StateDb;
  readonly #now: () => number;
  readonly #policy: SessionPolicy;
  readonly #endListeners = new Set<() => void>();

  constructor(db: StateDb, policy: SessionPolicy, now: () => number = Date.now) {
    this.#db = db;
    this.#policy = policy;
    this.#now = now;
  }

  get policy(): SessionPolicy {
    return this.#policy;
  }

  /** Starts a session; returns the secret for the cookie (never stored). */
  create(userId: string, from: { ip?: string | null; userAgent?: string | null } = {}): { secret: string; session: SessionRecord } {
    const now = this.#now();
    this.#db.prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?').run(now, now - this.#policy.idleMs);
    const secret = generateSecret('session');
    const row: Row = { token_hash: hashSecret(secret), user_id: userId, created_at: now, last_seen_at: now, expires_at: now + this.#policy.ttlMs };
    this.#db
      .prepare('INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, source_ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(row.token_hash, userId, now, now, row.expires_at, from.ip ?? null, (from.userAgent ?? '').slice(0, 300) || null);
    return { secret, session: toRecord(row) };
  }

  /** The live session with this hash, or null when unknown, expired or idle too long. */
  find(tokenHash: string): SessionRecord | null {
    const row = this.#db.prepare<[string], Row>('SELECT * FROM sessions WHERE token_hash = ?').get(tokenHash);
    if (!row) return null;
    const session = toRecord(row);
    return this.isLive(session) ? session : null;
  }

  isLive(session: SessionRecord, now = this.#now()): boolean {
    return now < session.expiresAt && now - session.lastSeenAt < this.#policy.idleMs;
  }

  /** Records activity; returns the session as now stored (lastSeenAt moves at most once a minute). */
  touch(session: SessionRecord): SessionRecord {
    const now = this.#now();
    if (now - session.lastSeenAt < TOUCH_EVERY_MS) return session;
    this.#db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').run(now, session.tokenHash);
    return { ...session, lastSeenAt: now };
  }

  end(tokenHash: string): boolean {
    const ended = this.#db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash).changes > 0;
    if (ended) this.#ended();
    return ended;
  }

  /** Ends every session of a user, except `keep` (the one changing its own password). */
  endAllOf(userId: string, keep?: string): number {
    const n = this.#db.prepare('DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?').run(userId, keep ?? '').changes;
    if (n > 0) this.#ended();
    return n;
  }

  onEnded(listener: () => void): () => void {
    this.#endListeners.add(listener);
    return () => this.#endListeners.delete(listener);
  }

  #ended(): void {
    for (const l of this.#endListeners) l();
  }
}
