import type { AccessTokenDto } from '../../../../server/contracts/accounts.ts';

export type TokenStanding = 'active' | 'expired' | 'revoked';

/** Pure: whether a token still opens anything at `now` (the server's rule in AccessTokens.isUsable). */
export function tokenStanding(token: AccessTokenDto, now: number): TokenStanding {
  if (token.revokedAt !== null) return 'revoked';
  if (token.expiresAt !== null && now >= token.expiresAt) return 'expired';
  return 'active';
}

/** Pure: active tokens first, newest first within each group; revoked ones stay listed to explain the audit log. */
export function sortTokens(tokens: readonly AccessTokenDto[], now: number): AccessTokenDto[] {
  const usable = (t: AccessTokenDto): number => (tokenStanding(t, now) === 'active' ? 0 : 1);
  return [...tokens].sort((a, b) => usable(a) - usable(b) || b.createdAt - a.createdAt || a.id.localeCompare(b.id));
}

export const TOKEN_LIFETIMES = ['never', '30d', '90d', '365d'] as const;
export type TokenLifetime = (typeof TOKEN_LIFETIMES)[number];

const DAY_MS = 86_400_000;
const LIFETIME_DAYS: Readonly<Record<Exclude<TokenLifetime, 'never'>, number>> = { '30d': 30, '90d': 90, '365d': 365 };

/** Pure: when a new API token expires, epoch ms, or undefined for never. */
export function expiryOf(lifetime: TokenLifetime, now: number): number | undefined {
  return lifetime === 'never' ? undefined : now + LIFETIME_DAYS[lifetime] * DAY_MS;
}
