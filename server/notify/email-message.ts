import { randomBytes } from 'node:crypto';

/**
 * A plain-text e-mail as RFC 5322 bytes for SMTP DATA. UTF-8 throughout (Greek and Polish): the
 * subject as an RFC 2047 encoded word, the body base64 so no server's 7-bit limit can damage it. Pure
 * apart from the Message-ID's randomness.
 */
export interface EmailMessage {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
}

/** `Skopia <ops@example.gr>` → `ops@example.gr`; a bare address stays as it is. */
export function addressOf(mailbox: string): string {
  const match = /<([^<>]+)>\s*$/.exec(mailbox);
  return (match?.[1] ?? mailbox).trim();
}

function encodeHeader(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  return `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

function encodeMailbox(mailbox: string): string {
  const match = /^(.*?)\s*<([^<>]+)>\s*$/.exec(mailbox);
  if (!match?.[1]) return mailbox.trim();
  return `${encodeHeader(match[1].replace(/^"|"$/g, ''))} <${match[2] ?? ''}>`;
}

function wrap(base64: string, width = 76): string {
  const lines: string[] = [];
  for (let i = 0; i < base64.length; i += width) lines.push(base64.slice(i, i + width));
  return lines.join('\r\n');
}

export function buildEmail(message: EmailMessage, date: Date = new Date()): string {
  const domain = addressOf(message.from).split('@')[1] ?? 'skopia.local';
  const headers = [
    `From: ${encodeMailbox(message.from)}`,
    `To: ${message.to.map(encodeMailbox).join(', ')}`,
    `Subject: ${encodeHeader(message.subject)}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${randomBytes(12).toString('hex')}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
  ];
  const body = wrap(Buffer.from(message.text.replace(/\r?\n/g, '\r\n'), 'utf8').toString('base64'));
  return `${headers.join('\r\n')}\r\n\r\n${body}\r\n`;
}
