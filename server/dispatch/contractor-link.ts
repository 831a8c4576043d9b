import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The contractor's link: `<dispatch id>.<expiry, epoch seconds>.<HMAC-SHA256 of "<id>.<expiry>", base64url>`.
 * The expiry is inside the signed text, so nobody can stretch it; the server keeps no per-link state.
 * The token travels in the URL fragment (never in server logs or a Referer) and then in a header.
 */

export type LinkVerdict =
  | { readonly ok: true; readonly dispatchId: string; readonly expiresAt: number }
  | { readonly ok: false; readonly status: 401 | 410; readonly code: 'link_malformed' | 'link_invalid' | 'link_expired'; readonly message: string };

function mac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(payload, 'utf8').digest();
}

export function signContractorLink(key: Buffer, dispatchId: string, expiresAtMs: number): string {
  if (dispatchId.includes('.')) throw new Error(`dispatch id "${dispatchId}" must not contain "."`);
  const payload = `${dispatchId}.${Math.floor(expiresAtMs / 1000)}`;
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

export function verifyContractorLink(key: Buffer, token: string, nowMs: number): LinkVerdict {
  const match = /^([A-Za-z0-9_-]{1,64})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) {
    return { ok: false, status: 401, code: 'link_malformed', message: 'This link is incomplete or damaged. Open it again from the message you received.' };
  }
  const [, dispatchId = '', expiry = '', signature = ''] = match;
  // The text is compared, not the decoded bytes: the last of 43 base64url characters carries two
  // unused bits, so decoding would let four spellings of one signature through.
  const expected = Buffer.from(mac(key, `${dispatchId}.${expiry}`).toString('base64url'), 'ascii');
  const given = Buffer.from(signature, 'ascii');
  // Constant-time: how much of a forged signature is right must not show in the response time.
  if (!timingSafeEqual(given, expected)) {
    return { ok: false, status: 401, code: 'link_invalid', message: 'This link is not valid. Open it again from the message you received, or call the operations room.' };
  }
  const expiresAt = Number(expiry) * 1000;
  if (nowMs >= expiresAt) {
    return { ok: false, status: 410, code: 'link_expired', message: 'This link has expired. Call the operations room to get a new one.' };
  }
  return { ok: true, dispatchId, expiresAt };
}
