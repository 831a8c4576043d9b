import type { StateDb } from '../store/state-store.ts';
import { generatePassword, hashGatewayPassword, verifyGatewayPassword } from './password-hash.ts';

export interface GatewayCredentialInfo {
  readonly gatewayId: string;
  readonly createdAt: number;
  readonly rotatedAt: number | null;
  readonly revokedAt: number | null;
}

interface Row {
  gateway_id: string;
  password_hash: string;
  created_at: number;
  rotated_at: number | null;
  revoked_at: number | null;
}

/**
 * Gateway MQTT credentials, hashed in the state store. A password is returned once, at creation or
 * rotation, and never stored in the clear. Revocation takes effect at the gateway's next connect;
 * the embedded broker also disconnects it at once (see onRevoked).
 */
export class GatewayCredentials {
  readonly #db: StateDb;
  readonly #now: () => number;
  readonly #revokedListeners = new Set<(gatewayId: string) => void>();

  constructor(db: StateDb, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  /** Creates or rotates the credential; returns the new password (show it once). */
  issue(gatewayId: string): { password: string; rotated: boolean } {
    const password = generatePassword();
    const hash = hashGatewayPassword(password);
    const now = this.#now();
    const existing = this.#row(gatewayId);
    if (existing) {
      this.#db
        .prepare('UPDATE gateway_credentials SET password_hash = ?, rotated_at = ?, revoked_at = NULL WHERE gateway_id = ?')
        .run(hash, now, gatewayId);
      // A rotation ends the sessions opened with the old password.
      for (const l of this.#revokedListeners) l(gatewayId);
    } else {
      this.#db.prepare('INSERT INTO gateway_credentials (gateway_id, password_hash, created_at) VALUES (?, ?, ?)').run(gatewayId, hash, now);
    }
    return { password, rotated: existing !== undefined };
  }

  revoke(gatewayId: string): boolean {
    const changed = this.#db
      .prepare('UPDATE gateway_credentials SET revoked_at = ? WHERE gateway_id = ? AND revoked_at IS NULL')
      .run(this.#now(), gatewayId).changes;
    if (changed > 0) for (const l of this.#revokedListeners) l(gatewayId);
    return changed > 0;
  }

  async verify(gatewayId: string, password: string): Promise<boolean> {
    const row = this.#row(gatewayId);
    if (!row || row.revoked_at !== null) return false;
    return verifyGatewayPassword(password, row.password_hash);
  }

  list(): GatewayCredentialInfo[] {
    return this.#db
      .prepare<[], Row>('SELECT * FROM gateway_credentials ORDER BY gateway_id')
      .all()
      .map((r) => ({ gatewayId: r.gateway_id, createdAt: r.created_at, rotatedAt: r.rotated_at, revokedAt: r.revoked_at }));
  }

  /** Active credentials with their hashes, for the generated Mosquitto password file. */
  activeHashes(): { gatewayId: string; passwordHash: string }[] {
    return this.#db
      .prepare<[], Row>('SELECT * FROM gateway_credentials WHERE revoked_at IS NULL ORDER BY gateway_id')
      .all()
      .map((r) => ({ gatewayId: r.gateway_id, passwordHash: r.password_hash }));
  }

  onRevoked(listener: (gatewayId: string) => void): () => void {
    this.#revokedListeners.add(listener);
    return () => this.#revokedListeners.delete(listener);
  }

  #row(gatewayId: string): Row | undefined {
    return this.#db.prepare<[string], Row>('SELECT * FROM gateway_credentials WHERE gateway_id = ?').get(gatewayId);
  }
}
