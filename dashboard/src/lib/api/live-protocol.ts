import type { ServerMessage } from '../../../../server/contracts/live.ts';

/**
 * The live stream lives on the page's own origin, over TLS when the page is. A wall screen's kiosk token
 * goes in the query (a browser WebSocket cannot send an authorization header); a signed-in browser's
 * session cookie goes by itself.
 */
export function liveSocketUrl(location: { readonly protocol: string; readonly host: string }, kiosk: string | null = null): string {
  const base = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  return kiosk === null ? base : `${base}?kiosk=${encodeURIComponent(kiosk)}`;
}

/** Any message with a type and a seq; types this build does not know still count in the sequence. */
export type WireMessage = ServerMessage | { readonly type: string; readonly seq: number; readonly serverTime?: number };

/** Null when the text is not a live-protocol message at all. */
export function parseServerMessage(text: string): WireMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { type, seq } = value as { type?: unknown; seq?: unknown };
  if (typeof type !== 'string' || typeof seq !== 'number' || !Number.isInteger(seq)) return null;
  return value as WireMessage;
}

export type SequenceVerdict =
  | { readonly ok: true; readonly nextExpected: number }
  | { readonly ok: false; readonly reason: 'delta-before-snapshot' | 'gap' };

/**
 * A snapshot (re)starts the sequence; every later message must carry the next seq. `expected` is null
 * until the connection's snapshot has arrived. Anything else means we missed data: resync.
 */
export function checkSequence(expected: number | null, message: WireMessage): SequenceVerdict {
  if (message.type === 'snapshot') return { ok: true, nextExpected: message.seq + 1 };
  if (expected === null) return { ok: false, reason: 'delta-before-snapshot' };
  if (message.seq !== expected) return { ok: false, reason: 'gap' };
  return { ok: true, nextExpected: expected + 1 };
}

export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
}

/**
 * Exponential backoff with jitter (between half and all of the step), so that after a server restart
 * every wall screen does not reconnect in the same millisecond.
 */
export function reconnectDelayMs(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const step = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 20));
  return Math.round(step * (0.5 + random() / 2));
}
