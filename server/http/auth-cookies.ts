import type { FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_COOKIE, SESSION_COOKIE } from '../contracts/accounts.ts';
import { serializeCookie } from '../accounts/cookies.ts';
import { csrfTokenFor } from '../accounts/secret-token.ts';

export type CookieSecureMode = 'auto' | 'always';

/** Secure when the browser reached us over https (directly, or through a trusted proxy), or when configured. */
export function cookieSecure(request: FastifyRequest, mode: CookieSecureMode): boolean {
  return mode === 'always' || request.protocol === 'https';
}

/**
 * The session cookie is HttpOnly (no script can read it) and SameSite=Strict (no other site can
 * make the browser send it). The CSRF cookie is readable on purpose: the dashboard echoes it in the
 * x-csrf-token header, which a page on another origin cannot do.
 */
export function setSessionCookies(reply: FastifyReply, secret: string, maxAgeS: number, secure: boolean): void {
  reply.header('set-cookie', [
    serializeCookie(SESSION_COOKIE, secret, { httpOnly: true, secure, sameSite: 'Strict', path: '/', maxAge: maxAgeS }),
    serializeCookie(CSRF_COOKIE, csrfTokenFor(secret), { secure, sameSite: 'Strict', path: '/', maxAge: maxAgeS }),
  ]);
}

export function clearSessionCookies(reply: FastifyReply, secure: boolean): void {
  reply.header('set-cookie', [
    serializeCookie(SESSION_COOKIE, '', { httpOnly: true, secure, sameSite: 'Strict', path: '/', maxAge: 0 }),
    serializeCookie(CSRF_COOKIE, '', { secure, sameSite: 'Strict', path: '/', maxAge: 0 }),
  ]);
}
