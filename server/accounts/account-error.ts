import { SkopiaError } from '../errors.ts';

/** Why an account operation was refused; the HTTP layer maps each code to a status. */
export type AccountErrorCode =
  | 'username_taken'
  | 'user_not_found'
  | 'last_admin'
  | 'token_not_found'
  | 'weak_password'
  | 'wrong_password'
  | 'not_a_user';

export class AccountError extends SkopiaError {
  declare readonly code: AccountErrorCode;
  readonly details: unknown;
  constructor(code: AccountErrorCode, message: string, details?: unknown) {
    super(code, message);
    this.name = 'AccountError';
    this.details = details;
  }
}
