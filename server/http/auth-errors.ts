import type { FastifyInstance } from 'fastify';
import { AccountError, type AccountErrorCode } from '../accounts/account-error.ts';
import { HttpError } from './error-handler.ts';

const STATUS: Record<AccountErrorCode, number> = {
  username_taken: 409,
  user_not_found: 404,
  last_admin: 409,
  token_not_found: 404,
  weak_password: 400,
  // Not 401: the caller is signed in; only the password they typed to confirm is wrong.
  wrong_password: 403,
  not_a_user: 403,
};

/** Within a routes plugin: account errors answer with their status, code and details; the rest goes to the app's handler. */
export function translateAccountErrors(app: FastifyInstance): void {
  const parent = app.errorHandler;
  app.setErrorHandler(function handleAccountError(error, request, reply) {
    const translated = error instanceof AccountError ? new HttpError(STATUS[error.code], error.code, error.message, error.details) : error;
    parent.call(this, translated, request, reply);
  });
}
