import { HttpError } from '../http/error-handler.ts';

/**
 * Errors of the registry and dispatch services, in the API's envelope. A field error looks like a
 * request-validation error (`details: [{ field, message }]`), so a form shows both the same way.
 */
export function fieldError(field: string, message: string, status = 400, code = 'invalid_request'): HttpError {
  return new HttpError(status, code, `${field}: ${message}`, [{ field, message }]);
}

export function notFound(what: string, id: string): HttpError {
  return new HttpError(404, `${what}_not_found`, `No ${what.replaceAll('_', ' ')} "${id}" in the registry.`);
}

export function conflict(code: string, message: string, details?: unknown): HttpError {
  return new HttpError(409, code, message, details);
}
