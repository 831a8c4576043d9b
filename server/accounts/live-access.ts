import { CLOSE_CREDENTIAL_ENDED } from '../contracts/live.ts';
import type WebSocket from 'ws';
import type { Authenticated, Authenticator } from './authenticator.ts';


/**
 * Live streams outlive the request that opened them. This keeps each open /ws socket with the
 * credential it was opened with, and closes it when that credential is revoked, expires or its
 * user is disabled: at once after a revocation, within a sweep period after an expiry.
 */
export class LiveAccess {
  readonly #authenticator: Authenticator;
  readonly #sockets = new Map<WebSocket, Authenticated>();
  readonly #sweep: NodeJS.Timeout;

  constructor(authenticator: Authenticator, sweepMs = 30_000) {
    this.#authenticator = authenticator;
    this.#sweep = setInterval(() => this.recheck(), sweepMs);
    this.#sweep.unref();
  }

  track(socket: WebSocket, auth: Authenticated): void {
    this.#sockets.set(socket, auth);
    socket.once('close', () => this.#sockets.delete(socket));
  }

  get size(): number {
    return this.#sockets.size;
  }

  /** Closes every socket whose credential is no longer valid. */
  recheck(): void {
    const verdicts = new Map<string, boolean>();
    for (const [socket, auth] of this.#sockets) {
      let valid = verdicts.get(auth.tokenHash);
      if (valid === undefined) {
        valid = this.#authenticator.stillValid(auth);
        verdicts.set(auth.tokenHash, valid);
      }
      if (valid) continue;
      this.#sockets.delete(socket);
      socket.close(CLOSE_CREDENTIAL_ENDED, 'credential revoked or expired');
    }
  }

  close(): void {
    clearInterval(this.#sweep);
    this.#sockets.clear();
  }
}
