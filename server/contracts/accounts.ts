import { z } from 'zod';

/**
 * HTTP DTOs of accounts, tokens, gateway credentials and the audit log, shared with the dashboard.
 *
 * How a client authenticates (see server/http/auth-plugin.ts):
 *   browser    POST /api/auth/login sets the HttpOnly `skopia_session` cookie and a readable
 *              `skopia_csrf` cookie; every POST/PUT/PATCH/DELETE sends `x-csrf-token: <skopia_csrf>`.
 *   wall screen  `?kiosk=<token>` on GET /api/... and on the /ws URL, or `authorization: Kiosk <token>`.
 *   integration  `authorization: Bearer <token>` (no CSRF token needed).
 * Times are epoch milliseconds.
 */

export const SESSION_COOKIE = 'skopia_session';
export const CSRF_COOKIE = 'skopia_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const KIOSK_QUERY_PARAM = 'kiosk';

export const RoleSchema = z.enum(['viewer', 'operator', 'admin']);
export type RoleName = z.infer<typeof RoleSchema>;

// Free text that dashboards render: any characters but control characters; kept verbatim.
const CONTROL = /\p{Cc}/u;
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `at most ${max} characters`)
    .refine((v) => !CONTROL.test(v), 'must not contain control characters');

export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, '2-64 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit');
export const DisplayNameSchema = text(100);
export const TokenNameSchema = text(100);
export const NoteSchema = z
  .string()
  .trim()
  .max(1000, 'at most 1000 characters')
  .refine((v) => !CONTROL.test(v.replace(/[\r\n\t]/g, '')), 'must not contain control characters other than line breaks');
/** Strength is checked by the server (length, common passwords, the user's name); this bounds the size. */
export const PasswordSchema = z.string().min(1, 'must not be empty').max(256, 'at most 256 characters');
export const EntityIdSchema = z.uuid();

/** epoch ms, or an ISO 8601 time with an offset */
export const InstantSchema = z
  .union([z.coerce.number().int().nonnegative(), z.iso.datetime({ offset: true })])
  .transform((v) => (typeof v === 'number' ? v : Date.parse(v)));

export const LoginRequestSchema = z.object({ username: z.string().trim().min(1).max(100), password: PasswordSchema });

export const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  createdAt: z.number(),
  updatedAt: z.number(),
  passwordChangedAt: z.number(),
  disabledAt: z.number().nullable(),
});
export type UserDto = z.infer<typeof UserSchema>;

export const AdminUserSchema = UserSchema.extend({
  /** When a lockout after failed sign-ins ends; null when not locked. */
  lockedUntil: z.number().nullable(),
});
export type AdminUserDto = z.infer<typeof AdminUserSchema>;

export const ActorSchema = z.object({
  kind: z.enum(['user', 'kiosk', 'token']),
  id: z.string(),
  name: z.string(),
  role: RoleSchema,
});

/** GET /api/auth/session and POST /api/auth/login. */
export const SessionInfoSchema = z.object({
  actor: ActorSchema,
  /** The signed-in user, for sessions; null for kiosk and API tokens. */
  user: UserSchema.nullable(),
  /** Send as `x-csrf-token` on every state-changing request; null when not a cookie session. */
  csrfToken: z.string().nullable(),
  /** When the session ends at the latest; null for tokens. */
  expiresAt: z.number().nullable(),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const ChangePasswordRequestSchema = z.object({ currentPassword: PasswordSchema, newPassword: PasswordSchema });

export const NewUserRequestSchema = z.object({
  username: UsernameSchema,
  displayName: DisplayNameSchema,
  role: RoleSchema,
  password: PasswordSchema,
  note: NoteSchema.optional(),
});

export const UpdateUserRequestSchema = z
  .object({
    displayName: DisplayNameSchema.optional(),
    role: RoleSchema.optional(),
    disabled: z.boolean().optional(),
    /** An admin sets a new password; every session of the user ends. */
    password: PasswordSchema.optional(),
    note: NoteSchema.optional(),
  })
  .refine((b) => b.displayName !== undefined || b.role !== undefined || b.disabled !== undefined || b.password !== undefined, {
    message: 'change at least one of displayName, role, disabled, password',
  });

/** An optional reason, recorded in the audit log (DELETE and POST bodies). No body at all is fine too (Fastify gives null). */
export const NoteBodySchema = z.object({ note: NoteSchema.optional() }).nullish();

export const AccessTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: RoleSchema,
  createdAt: z.number(),
  createdBy: z.string(),
  expiresAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
  lastUsedAt: z.number().nullable(),
});
export type AccessTokenDto = z.infer<typeof AccessTokenSchema>;

export const NewKioskTokenRequestSchema = z.object({ name: TokenNameSchema, note: NoteSchema.optional() });
export const NewApiTokenRequestSchema = z.object({
  name: TokenNameSchema,
  role: RoleSchema,
  expiresAt: InstantSchema.optional(),
  note: NoteSchema.optional(),
});

/** The answer to creating a token: the only time the secret is shown. */
export const CreatedTokenSchema = z.object({
  token: AccessTokenSchema,
  secret: z.string(),
  /** Kiosk tokens: the dashboard path to open on the wall screen, e.g. `/?kiosk=skk_...`. */
  url: z.string().optional(),
});
export type CreatedTokenDto = z.infer<typeof CreatedTokenSchema>;

export const GatewayCredentialStateSchema = z.object({
  state: z.enum(['none', 'active', 'revoked']),
  createdAt: z.number().nullable(),
  rotatedAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
});

export const GatewaySummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  format: z.string(),
  credential: GatewayCredentialStateSchema,
});

export const AuditQuerySchema = z.object({
  from: InstantSchema.optional(),
  to: InstantSchema.optional(),
  actor: z.string().max(200).optional(),
  /** `<type>` or `<type>:<id>`, e.g. `user` or `gateway:gw-polygyros`. */
  subject: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
  /** Paging backwards: entries with an id below this. */
  beforeId: z.coerce.number().int().positive().optional(),
});

export const AuditEntrySchema = z.object({
  id: z.number(),
  at: z.number(),
  actor: z.string(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  sourceIp: z.string().nullable().optional(),
  note: z.string().nullable().optional(),
});
