import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

/** Asserts the error envelope `{ error: { code, message } }` of an answer, with the message matching. */
export function expectError(res: LightMyRequestResponse, status: number, code: string, message?: RegExp): void {
  expect(res.statusCode).toBe(status);
  const body = res.json<{ error?: { code?: unknown; message?: unknown } }>();
  expect(body.error?.code).toBe(code);
  if (message) expect(String(body.error?.message)).toMatch(message);
}
