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

/** Turns anything thrown into an AppError, keeping the original as the cause. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new AppError('unexpected', 'error.unexpected', { detail }, { cause: error });
}
