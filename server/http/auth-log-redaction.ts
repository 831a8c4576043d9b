import type { FastifyRequest } from 'fastify';

/** Query parameters that carry a secret: kiosk links, and signed links (contractors') by convention. */
const SECRET_PARAMS = /([?&](?:kiosk|token|access_token|sig|signature)=)[^&#]*/gi;

/** A URL as it may appear in a log: secret query values replaced. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1[redacted]');
}

/**
 * Pino paths never to write: credentials in headers and any password, token or secret field in a
 * logged object. Fastify logs no headers or bodies by default; this keeps it so if someone adds them.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'secret',
  'csrfToken',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.secret',
  '*.csrfToken',
];

/** The Fastify logger: pino at `level`, redacting credentials, with request URLs stripped of secrets. */
export function loggerOptions(level: string) {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req(request: FastifyRequest) {
        const remotePort = request.socket?.remotePort;
        return {
          method: request.method,
          url: redactUrl(request.url),
          host: request.host,
          remoteAddress: request.ip,
          ...(remotePort !== undefined ? { remotePort } : {}),
        };
      },
    },
  };
}
