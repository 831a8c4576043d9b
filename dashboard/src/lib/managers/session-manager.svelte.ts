import type { SessionInfo } from '../../../../server/contracts/accounts.ts';
import type { AuthApi } from '../api/auth-api.ts';
import { HttpError, type ApiClient } from '../api/http.ts';
import type { EventBus } from './event-bus.ts';
import { handleError } from './notice-manager.svelte.ts';

export type SessionState = 'checking' | 'signed-out' | 'signed-in';
export type Role = SessionInfo['actor']['role'];

const ROLE_ORDER: readonly Role[] = ['viewer', 'operator', 'admin'];

/**
 * Who is at the console. The session itself is an HttpOnly cookie the browser keeps; this holds what
 * GET /api/auth/session says about it, and hands its CSRF token to the API client for every change.
 */
export class SessionManager {
  readonly #bus: EventBus;
  readonly #api: ApiClient;
  readonly #auth: AuthApi;
  #state = $state<SessionState>('checking');
  #info = $state.raw<SessionInfo | null>(null);
  /** Why the user is at the sign-in page again (the session ended), if it is not the first visit. */
  #endedReason = $state<string | null>(null);
  /** The server's reason for refusing the credential at the first check (a revoked kiosk link). */
  #refusal = $state<string | null>(null);

  readonly #acceptAnonymous: boolean;

  /** `acceptAnonymous`: a server with ANONYMOUS_VIEWER lets anyone read; the wall takes that, the console asks for a sign-in. */
  constructor(bus: EventBus, api: ApiClient, auth: AuthApi, acceptAnonymous = false) {
    this.#bus = bus;
    this.#api = api;
    this.#auth = auth;
    this.#acceptAnonymous = acceptAnonymous;
  }

  get state(): SessionState {
    return this.#state;
  }

  get info(): SessionInfo | null {
    return this.#info;
  }

  get role(): Role | null {
    return this.#info?.actor.role ?? null;
  }

  get displayName(): string {
    return this.#info?.user?.displayName ?? this.#info?.actor.name ?? '';
  }

  get endedReason(): string | null {
    return this.#endedReason;
  }

  get refusal(): string | null {
    return this.#refusal;
  }

  /** Whether the signed-in role may do what needs `role` (admin ⊃ operator ⊃ viewer). */
  can(role: Role): boolean {
    const mine = this.role;
    return mine !== null && ROLE_ORDER.indexOf(mine) >= ROLE_ORDER.indexOf(role);
  }

  /**
   * Listens for the server ending the session (any 401), or closing the live stream because the
   * credential ended (then asks the server what stands: a revoked kiosk link is refused in words).
   * Returns the teardown.
   */
  init(): () => void {
    const lost = this.#bus.on('session.lost', ({ message }) => this.#signedOut(message));
    const refused = this.#bus.on('live.refused', () => void this.check());
    return () => {
      lost();
      refused();
    };
  }

  /** Asks the server whether this browser is signed in. */
  async check(): Promise<void> {
    try {
      const info = await this.#auth.session();
      if (info.user === null && info.actor.id === 'anonymous' && !this.#acceptAnonymous) this.#signedOut(null);
      else this.#signedIn(info);
    } catch (error) {
      if (error instanceof HttpError && error.status === 401) {
        this.#refusal = error.message;
        this.#signedOut(null);
      } else {
        this.#signedOut(null);
        handleError(this.#bus, error);
      }
    }
  }

  /** Throws the server's HttpError (wrong password, locked) for the sign-in form to show. */
  async login(username: string, password: string): Promise<void> {
    this.#signedIn(await this.#auth.login(username, password));
  }

  async logout(): Promise<void> {
    try {
      await this.#auth.logout();
    } finally {
      this.#signedOut(null);
    }
  }

  #signedIn(info: SessionInfo): void {
    this.#info = info;
    this.#api.setCsrfToken(info.csrfToken);
    this.#endedReason = null;
    this.#state = 'signed-in';
  }

  #signedOut(reason: string | null): void {
    if (this.#state === 'signed-in') this.#endedReason = reason;
    this.#info = null;
    this.#api.setCsrfToken(null);
    this.#state = 'signed-out';
  }
}
