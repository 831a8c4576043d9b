import { HttpError } from '../api/http.ts';
import type { MessageKey, MessageParams } from '../i18n/index.ts';

/** A failure with a stable code (for logs and tests) and a message the user can act on, in any language. */
export class AppError extends Error {
  readonly code: string;
  readonly messageKey: MessageKey;
  readonly params: MessageParams;

  constructor(code: string, messageKey: MessageKey, params: MessageParams = {}, options?: ErrorOptions) {
    super(`${code}: ${messageKey}`, options);
    this.name = 'AppError';
    this.code = code;
    this.messageKey = messageKey;
    this.params = params;
  }
}

/**
 * Turns anything thrown into an AppError, keeping the original as the cause. The server's own sentence
 * (already one a user can act on) is kept for HTTP errors; a failed fetch means the network.
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof HttpError) return new AppError(error.code, 'error.server', { detail: error.message }, { cause: error });
  if (error instanceof TypeError && /fetch|network/i.test(error.message)) {
    return new AppError('network', 'error.network', {}, { cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new AppError('unexpected', 'error.unexpected', { detail }, { cause: error });
}

/** The sentence to show for any failure, in the user's language (for a form that shows it in place). */
export function errorMessage(error: unknown, t: (key: MessageKey, params?: MessageParams) => string): string {
  const appError = toAppError(error);
  return t(appError.messageKey, appError.params);
}
