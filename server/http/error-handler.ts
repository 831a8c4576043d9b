import type { FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { SkopiaError } from '../errors.ts';

/** The one error envelope: `{ error: { code, message, details? } }`; never a stack trace to a client. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** An error a route throws to answer with a given 4xx status. */
export class HttpError extends SkopiaError {
  readonly statusCode: number;
  readonly details: unknown;
  constructor(statusCode: number, code: string, message: string, details?: unknown) {
    super(code, message);
    this.statusCode = statusCode;
    this.details = details;
  }
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((v) => ({
        field: [error.validationContext, ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
      }));
      const first = details[0];
      const message = first ? `${first.field}: ${first.message}` : 'request validation failed';
      return reply.status(400).send(errorBody('invalid_request', message, details));
    }
    if (error instanceof HttpError) {
      return reply.status(error.statusCode).send(errorBody(error.code, error.message, error.details));
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = (error as { code?: string }).code ?? 'bad_request';
      return reply.status(status).send(errorBody(code.toLowerCase(), (error as Error).message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send(errorBody('internal', 'Internal server error; the details are in the server log.'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(errorBody('not_found', `No route for ${request.method} ${request.url.split('?')[0] ?? ''}`)),
  );
}
