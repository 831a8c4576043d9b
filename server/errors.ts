/** An error a user can act on: a stable code and a sentence saying what to do. */
export class SkopiaError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SkopiaError';
    this.code = code;
  }
}

/** Turns EADDRINUSE into a sentence naming the variable to change. */
export function explainListenError(error: unknown, what: string, variable: string, port: number): Error {
  if (error instanceof Error && (error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    return new SkopiaError(
      'port_in_use',
      `Port ${port} for ${what} is already in use by another program: set ${variable} to a free port.`,
      { cause: error },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
