/**
 * Who may call a route. Every route declares one in its config (`config: { access: 'operator' }`);
 * the auth plugin enforces it for every request and refuses to start when a route declares none,
 * so a new route can never be open by accident.
 *
 *   public    anyone (health probe, static dashboard files, login, contractor links carry their own signature)
 *   viewer    wall screens (kiosk token), and every signed-in user
 *   operator  acknowledge, resolve, dispatch, incidents
 *   admin     registry, rules, users, gateways, audit
 */
export const ACCESS_LEVELS = ['public', 'viewer', 'operator', 'admin'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Whether a role satisfies an access level: admin ⊃ operator ⊃ viewer. */
export function roleAllows(role: Role, access: Access): boolean {
  if (access === 'public') return true;
  return ROLES.indexOf(role) >= ROLES.indexOf(access);
}

/** Whoever is behind a request, after authentication. */
export interface Actor {
  readonly kind: 'user' | 'kiosk' | 'token';
  /** User id, kiosk token id or API token id. */
  readonly id: string;
  /** What the audit log shows: a user name, `kiosk:<name>`, `token:<name>`. */
  readonly name: string;
  readonly role: Role;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}
