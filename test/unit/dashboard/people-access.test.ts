import { describe, expect, it } from 'vitest';
import { accountProblems } from '../../../dashboard/src/lib/accounts/account-problems.ts';
import { suggestPassword } from '../../../dashboard/src/lib/accounts/password-suggestion.ts';
import { expiryOf, sortTokens, tokenStanding } from '../../../dashboard/src/lib/accounts/token-standing.ts';
import { sortUsers, userStanding } from '../../../dashboard/src/lib/accounts/user-standing.ts';
import { wallScreenLink } from '../../../dashboard/src/lib/accounts/wall-screen-link.ts';
import { AccessTokensApi } from '../../../dashboard/src/lib/api/access-tokens-api.ts';
import { ApiClient, HttpError } from '../../../dashboard/src/lib/api/http.ts';
import { UsersApi } from '../../../dashboard/src/lib/api/users-api.ts';
import { consoleViews } from '../../../dashboard/src/lib/managers/console-manager.svelte.ts';
import { allPlaced, attemptSave } from '../../../dashboard/src/lib/managers/save-outcome.ts';
import { passwordProblems } from '../../../server/accounts/password-policy.ts';
import type { AccessTokenDto, AdminUserDto } from '../../../server/contracts/accounts.ts';

function user(username: string, extra: Partial<AdminUserDto> = {}): AdminUserDto {
  return {
    id: `id-${username}`,
    username,
    displayName: username.toUpperCase(),
    role: 'operator',
    createdAt: 0,
    updatedAt: 0,
    passwordChangedAt: 0,
    disabledAt: null,
    lockedUntil: null,
    ...extra,
  };
}

function token(id: string, extra: Partial<AccessTokenDto> = {}): AccessTokenDto {
  return { id, name: id, role: 'viewer', createdAt: 0, createdBy: 'maria', expiresAt: null, revokedAt: null, lastUsedAt: null, ...extra };
}

describe('user standing', () => {
  it.each([
    ['an enabled user', {}, { disabled: false, locked: false, lockedUntil: null }],
    ['a disabled user', { disabledAt: 50 }, { disabled: true, locked: false, lockedUntil: null }],
    ['a user locked out until later', { lockedUntil: 2000 }, { disabled: false, locked: true, lockedUntil: 2000 }],
    ['a user whose lockout has run out', { lockedUntil: 999 }, { disabled: false, locked: false, lockedUntil: null }],
    ['a disabled user who is also locked out', { disabledAt: 5, lockedUntil: 5000 }, { disabled: true, locked: true, lockedUntil: 5000 }],
  ])('%s', (_name, extra: Partial<AdminUserDto>, expected) => {
    expect(userStanding(user('anna', extra), 1000)).toEqual(expected);
  });

  it('lists enabled users first, each group by user name', () => {
    const sorted = sortUsers([user('zoe'), user('bob', { disabledAt: 1 }), user('anna'), user('al', { disabledAt: 2 })]);
    expect(sorted.map((u) => u.username)).toEqual(['anna', 'zoe', 'al', 'bob']);
  });
});

describe('token standing', () => {
  it.each([
    ['active', {}, 'active'],
    ['expiring later', { expiresAt: 2000 }, 'active'],
    ['expired at this very moment', { expiresAt: 1000 }, 'expired'],
    ['revoked (before it would expire)', { revokedAt: 500, expiresAt: 900 }, 'revoked'],
  ] as const)('%s', (_name, extra: Partial<AccessTokenDto>, expected) => {
    expect(tokenStanding(token('t', extra), 1000)).toBe(expected);
  });

  it('lists usable tokens first, newest first within each group', () => {
    const sorted = sortTokens(
      [token('old', { createdAt: 1 }), token('revoked', { createdAt: 9, revokedAt: 10 }), token('new', { createdAt: 5 }), token('expired', { createdAt: 3, expiresAt: 4 })],
      100,
    );
    expect(sorted.map((t) => t.id)).toEqual(['new', 'old', 'revoked', 'expired']);
  });

  it('gives an API token its expiry from the chosen lifetime', () => {
    expect(expiryOf('never', 1000)).toBeUndefined();
    expect(expiryOf('30d', 1000)).toBe(1000 + 30 * 86_400_000);
    expect(expiryOf('365d', 0)).toBe(365 * 86_400_000);
  });
});

describe('wall-screen link', () => {
  it('is the server’s path on the address this dashboard is reached at', () => {
    expect(wallScreenLink('https://skopia.polygyros.gr', '/?kiosk=skk_abc-DEF_1')).toBe('https://skopia.polygyros.gr/?kiosk=skk_abc-DEF_1');
    expect(wallScreenLink('http://10.0.0.5:8080', '/?kiosk=skk_x%2By')).toBe('http://10.0.0.5:8080/?kiosk=skk_x%2By');
  });
});

describe('account refusals next to their fields', () => {
  it('keeps the validation details of each field', () => {
    const error = new HttpError(400, 'invalid_request', 'body.username: 2-64 lower-case letters', [{ field: 'body.username', message: '2-64 lower-case letters' }]);
    expect(accountProblems(error)).toEqual([{ field: 'username', message: '2-64 lower-case letters' }]);
  });

  it('puts a taken user name and a weak password next to their field, with the server’s sentence', () => {
    const taken = new HttpError(409, 'username_taken', 'The user name "anna" is taken; choose another.');
    expect(accountProblems(taken)).toEqual([{ field: 'username', message: 'The user name "anna" is taken; choose another.' }]);
    const weak = new HttpError(400, 'weak_password', 'Choose a stronger password: Use at least 12 characters.', [{ code: 'too_short', message: 'Use at least 12 characters.' }]);
    expect(accountProblems(weak)).toEqual([{ field: 'password', message: 'Choose a stronger password: Use at least 12 characters.' }]);
  });

  it('leaves a refusal about no field (the last admin) for the line above the form', () => {
    const lastAdmin = new HttpError(409, 'last_admin', 'This is the last enabled admin.');
    expect(accountProblems(lastAdmin)).toEqual([]);
    expect(allPlaced([], ['role'])).toBe(false);
    expect(allPlaced([{ field: 'role', message: 'x' }], ['role', 'note'])).toBe(true);
    expect(allPlaced([{ field: 'role', message: 'x' }, { field: 'body', message: 'y' }], ['role'])).toBe(false);
  });
});

describe('attemptSave', () => {
  it('turns a refusal the user can fix into an outcome, and throws anything else', async () => {
    expect(await attemptSave(() => Promise.resolve(7))).toEqual({ ok: true, value: 7 });
    const refused = await attemptSave(() => Promise.reject(new HttpError(409, 'last_admin', 'This is the last enabled admin.')));
    expect(refused).toEqual({ ok: false, problems: [], message: 'This is the last enabled admin.' });
    await expect(attemptSave(() => Promise.reject(new HttpError(401, 'unauthenticated', 'Sign in')))).rejects.toThrow('Sign in');
    await expect(attemptSave(() => Promise.reject(new HttpError(500, 'internal', 'Internal')))).rejects.toThrow('Internal');
    await expect(attemptSave(() => Promise.reject(new TypeError('Failed to fetch')))).rejects.toThrow('Failed to fetch');
  });
});

describe('suggested passwords', () => {
  it('are four groups of five unambiguous characters the server accepts', () => {
    // xorshift32: a seeded stand-in for crypto.getRandomValues, so a failure can be reproduced.
    let state = 2463534242;
    const fill = (bytes: Uint8Array<ArrayBuffer>): void => {
      for (let i = 0; i < bytes.length; i++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        bytes[i] = state & 0xff;
      }
    };
    for (let i = 0; i < 200; i++) {
      const password = suggestPassword(fill);
      expect(password).toMatch(/^[a-km-np-zA-HJ-NP-Z2-9]{5}(-[a-km-np-zA-HJ-NP-Z2-9]{5}){3}$/);
      expect(passwordProblems(password, ['anna', 'Anna Georgiou'])).toEqual([]);
    }
  });

  it('never favours a character because of the bytes above the alphabet', () => {
    // Only bytes of 255 at first (rejected), then zeros: the result is all the first letter.
    let calls = 0;
    const password = suggestPassword((bytes) => {
      bytes.fill(calls++ === 0 ? 255 : 0);
    });
    expect(password).toBe('aaaaa-aaaaa-aaaaa-aaaaa');
  });
});

describe('the console’s screens', () => {
  it('shows People & access and the audit log to admins only', () => {
    expect(consoleViews(true)).toEqual(['operations', 'registry', 'access', 'audit']);
    expect(consoleViews(false)).toEqual(['operations', 'registry']);
  });
});

describe('the users and tokens API clients', () => {
  interface Call {
    readonly url: string;
    readonly method: string;
    readonly headers: Record<string, string>;
    readonly body: unknown;
  }

  function client(answer: (call: Call) => Response): { api: ApiClient; calls: Call[] } {
    const calls: Call[] = [];
    const api = new ApiClient({
      kiosk: null,
      fetch: (input, init) => {
        const call: Call = {
          url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
          method: init?.method ?? 'GET',
          headers: (init?.headers ?? {}) as Record<string, string>,
          body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
        };
        calls.push(call);
        return Promise.resolve(answer(call));
      },
    });
    api.setCsrfToken('csrf-1');
    return { api, calls };
  }
  const json = (body: unknown, status = 200): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it('sends each user change to its route with the CSRF token, and a note only when there is one', async () => {
    const { api, calls } = client((call) => (call.method === 'DELETE' ? new Response(null, { status: 204 }) : json(call.url === '/api/users' && call.method === 'GET' ? { users: [] } : user('anna'))));
    const users = new UsersApi(api);
    expect(await users.list()).toEqual([]);
    await users.create({ username: 'anna', displayName: 'Anna', role: 'viewer', password: 'p' });
    await users.update('id/1', { disabled: true, note: 'left' });
    await users.unlock('id-1');
    await users.remove('id-1', 'duplicate account');
    await users.remove('id-2', '');
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['GET', '/api/users', undefined],
      ['POST', '/api/users', { username: 'anna', displayName: 'Anna', role: 'viewer', password: 'p' }],
      ['PATCH', '/api/users/id%2F1', { disabled: true, note: 'left' }],
      ['POST', '/api/users/id-1/unlock', {}],
      ['DELETE', '/api/users/id-1', { note: 'duplicate account' }],
      ['DELETE', '/api/users/id-2', undefined],
    ]);
    expect(calls.filter((c) => c.method !== 'GET').every((c) => c.headers['x-csrf-token'] === 'csrf-1')).toBe(true);
    expect(calls[0]?.headers['x-csrf-token']).toBeUndefined();
  });

  it('reads, creates and revokes kiosk and API tokens at their own routes', async () => {
    const { api, calls } = client((call) =>
      call.method === 'GET' ? json({ tokens: [token('t')] }) : call.method === 'POST' ? json({ token: token('t'), secret: 'skk_x', url: '/?kiosk=skk_x' }, 201) : json(token('t', { revokedAt: 1 })),
    );
    const kiosk = new AccessTokensApi(api, 'kiosk');
    const integrations = new AccessTokensApi(api, 'api');
    expect(await kiosk.list()).toEqual([token('t')]);
    expect((await kiosk.create({ name: 'Left wall' })).url).toBe('/?kiosk=skk_x');
    await integrations.create({ name: 'Prometheus', role: 'viewer', expiresAt: 5000 });
    expect((await kiosk.revoke('t', 'screen replaced')).revokedAt).toBe(1);
    await integrations.revoke('t');
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['GET', '/api/kiosk-tokens', undefined],
      ['POST', '/api/kiosk-tokens', { name: 'Left wall' }],
      ['POST', '/api/api-tokens', { name: 'Prometheus', role: 'viewer', expiresAt: 5000 }],
      ['DELETE', '/api/kiosk-tokens/t', { note: 'screen replaced' }],
      ['DELETE', '/api/api-tokens/t', undefined],
    ]);
  });

  it('throws the server’s refusal with its code and message', async () => {
    const { api } = client(() => json({ error: { code: 'last_admin', message: 'This is the last enabled admin.' } }, 409));
    const failure = await new UsersApi(api).update('id-1', { role: 'viewer' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HttpError);
    expect(failure).toMatchObject({ status: 409, code: 'last_admin', message: 'This is the last enabled admin.' });
  });
});
