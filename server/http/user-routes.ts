import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { assertStrongPassword, type Accounts } from '../accounts/accounts.ts';
import type { User } from '../accounts/users.ts';
import { AdminUserSchema, EntityIdSchema, NewUserRequestSchema, NoteBodySchema, UpdateUserRequestSchema } from '../contracts/accounts.ts';
import type { AuditLog } from '../store/audit-log.ts';
import { auditSource } from './auth-plugin.ts';
import { translateAccountErrors } from './auth-errors.ts';
import { HttpError } from './error-handler.ts';
import './access.ts';

export interface UserRoutesOptions {
  readonly accounts: Accounts;
  readonly audit: AuditLog;
}

const SMALL_BODY = 16 * 1024;
const Params = z.object({ id: EntityIdSchema });
const noUser = (id: string): HttpError => new HttpError(404, 'user_not_found', `No user with id "${id}".`);

/** Admin: /api/users. Every change is in the audit log with the user before and after (never a password or hash). */
export const userRoutes: FastifyPluginAsyncZod<UserRoutesOptions> = async (app, opts) => {
  translateAccountErrors(app);
  const { accounts, audit } = opts;
  const withLock = (user: User) => ({ ...user, lockedUntil: accounts.throttle.lockedUntil(user.username) });

  app.get('/api/users', { config: { access: 'admin' }, schema: { response: { 200: z.object({ users: z.array(AdminUserSchema) }) } } }, async () => ({
    users: accounts.users.list().map(withLock),
  }));

  app.get('/api/users/:id', { config: { access: 'admin' }, schema: { params: Params, response: { 200: AdminUserSchema } } }, async (request) => {
    const user = accounts.users.get(request.params.id);
    if (!user) throw noUser(request.params.id);
    return withLock(user);
  });

  app.post(
    '/api/users',
    { config: { access: 'admin' }, bodyLimit: SMALL_BODY, schema: { body: NewUserRequestSchema, response: { 201: AdminUserSchema } } },
    async (request, reply) => {
      const { username, displayName, role, password, note } = request.body;
      assertStrongPassword(password, [username, displayName]);
      const user = await accounts.users.create({ username, displayName, role, password });
      audit.record({ ...auditSource(request), action: 'user.create', subjectType: 'user', subjectId: user.id, after: user, note: note ?? null });
      return reply.status(201).send(withLock(user));
    },
  );

  app.patch(
    '/api/users/:id',
    { config: { access: 'admin' }, bodyLimit: SMALL_BODY, schema: { params: Params, body: UpdateUserRequestSchema, response: { 200: AdminUserSchema } } },
    async (request) => {
      const { id } = request.params;
      const { password, note, ...changes } = request.body;
      const current = accounts.users.get(id);
      if (!current) throw noUser(id);
      if (password !== undefined) assertStrongPassword(password, [current.username, changes.displayName ?? current.displayName]);
      const { before, after } = accounts.users.update(id, {
        ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}),
        ...(changes.role !== undefined ? { role: changes.role } : {}),
        ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
      });
      let updated = after;
      if (password !== undefined) {
        updated = await accounts.users.setPassword(id, password);
        // A reset password means the old one may be known: end every session it opened.
        accounts.sessions.endAllOf(id);
      }
      const action = password !== undefined && Object.keys(changes).length === 0 ? 'user.password.reset' : 'user.update';
      audit.record({ ...auditSource(request), action, subjectType: 'user', subjectId: id, before, after: updated, note: note ?? null });
      return withLock(updated);
    },
  );

  app.delete(
    '/api/users/:id',
    { config: { access: 'admin' }, bodyLimit: SMALL_BODY, schema: { params: Params, body: NoteBodySchema } },
    async (request, reply) => {
      const { id } = request.params;
      if (request.actor?.kind === 'user' && request.actor.id === id) {
        throw new HttpError(409, 'cannot_remove_self', 'You cannot remove your own account; ask another admin.');
      }
      const before = accounts.users.remove(id);
      audit.record({ ...auditSource(request), action: 'user.remove', subjectType: 'user', subjectId: id, before, note: request.body?.note ?? null });
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/users/:id/unlock',
    { config: { access: 'admin' }, bodyLimit: SMALL_BODY, schema: { params: Params, body: NoteBodySchema, response: { 200: AdminUserSchema } } },
    async (request) => {
      const user = accounts.users.get(request.params.id);
      if (!user) throw noUser(request.params.id);
      const lockedUntil = accounts.throttle.lockedUntil(user.username);
      accounts.throttle.unlock(user.username);
      audit.record({ ...auditSource(request), action: 'user.unlock', subjectType: 'user', subjectId: user.id, before: { lockedUntil }, after: { lockedUntil: null }, note: request.body?.note ?? null });
      return withLock(user);
    },
  );
};
