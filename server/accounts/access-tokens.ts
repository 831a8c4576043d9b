import { randomUUID } from 'node:crypto';
import type { Role } from '../http/access.ts';
import type { StateDb } from '../store/state-store.ts';
import { AccountError } from './account-error.ts';
import { generateSecret, hashSecret } from './secret-token.ts';

/** kiosk: a wall screen, always viewer, in the dashboard URL. api: an integration, a role, a Bearer header. */
export type AccessTokenKind = 'kiosk' | 'api';

export interface AccessToken {
  readonly id: string;
  readonly kind: AccessTokenKind;
  readonly name: string;
  readonly role: Role;
  readonly createdAt: number;
  /** The audit name of whoever created it. */
  readonly createdBy: string;
  readonly expiresAt: number | null;
  readonly revokedAt: number | null;
  readonly lastUsedAt: number | null;
}

interface Row {
  id: string;
  kind: AccessTokenKind;
  name: string;
  role: Role;
  token_hash: string;
  created_at: number;
  created_by: string;
  expires_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
}

const toToken = (r: Row): AccessToken => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  role: r.role,
  createdAt: r.created_at,
  createdBy: r.created_by,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
});

export interface NewAccessToken {
  readonly kind: AccessTokenKind;
  readonly name: string;
  readonly role: Role;
  readonly createdBy: string;
  readonly expiresAt?: number | null;
}

/** Last-used time is written at most this often per token: it answers "is this screen still on?", not "when exactly". */
const MARK_USED_EVERY_MS = 60_000;

/**
 * Kiosk and API tokens. The secret is returned once, by `create`; the table keeps its SHA-256.
 * Revoked tokens are kept (with revokedAt) so the list still explains old audit entries.
 */
export class AccessTokens {
  readonly #db: StateDb;
  readonly #now: () => number;
  readonly #revokeListeners = new Set<() => void>();

  constructor(db: StateDb, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  create(input: NewAccessToken): { token: AccessToken; secret: string } {
    if (input.kind === 'kiosk' && input.role !== 'viewer') throw new TypeError('a kiosk token is always viewer');
    const secret = generateSecret(input.kind);
    const id = randomUUID();
    this.#db
      .prepare('INSERT INTO access_tokens (id, kind, name, role, token_hash, created_at, created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, input.kind, input.name, input.role, hashSecret(secret), this.#now(), input.createdBy, input.expiresAt ?? null);
    return { token: this.get(input.kind, id) as AccessToken, secret };
  }

  get(kind: AccessTokenKind, id: string): AccessToken | null {
    const row = this.#db.prepare<[string, string], Row>('SELECT * FROM access_tokens WHERE id = ? AND kind = ?').get(id, kind);
    return row ? toToken(row) : null;
  }

  list(kind: AccessTokenKind): AccessToken[] {
    return this.#db.prepare<[string], Row>('SELECT * FROM access_tokens WHERE kind = ? ORDER BY created_at, id').all(kind).map(toToken);
  }

  /** The usable token with this hash: not revoked, not expired. */
  find(tokenHash: string): AccessToken | null {
    const row = this.#db.prepare<[string], Row>('SELECT * FROM access_tokens WHERE token_hash = ?').get(tokenHash);
    if (!row) return null;
    const token = toToken(row);
    return this.isUsable(token) ? token : null;
  }

  isUsable(token: AccessToken, now = this.#now()): boolean {
    return token.revokedAt === null && (token.expiresAt === null || now < token.expiresAt);
  }

  markUsed(token: AccessToken): AccessToken {
    const now = this.#now();
    if (token.lastUsedAt !== null && now - token.lastUsedAt < MARK_USED_EVERY_MS) return token;
    this.#db.prepare('UPDATE access_tokens SET last_used_at = ? WHERE id = ?').run(now, token.id);
    return { ...token, lastUsedAt: now };
  }

  revoke(kind: AccessTokenKind, id: string): { before: AccessToken; after: AccessToken } {
    const before = this.get(kind, id);
    if (!before) throw new AccountError('token_not_found', `No ${kind} token with id "${id}".`);
    if (before.revokedAt === null) {
      this.#db.prepare('UPDATE access_tokens SET revoked_at = ? WHERE id = ?').run(this.#now(), id);
      for (const l of this.#revokeListeners) l();
    }
    return { before, after: this.get(kind, id) as AccessToken };
  }

  onRevoked(listener: () => void): () => void {
    this.#revokeListeners.add(listener);
    return () => this.#revokeListeners.delete(listener);
  }
}
