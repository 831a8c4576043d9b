import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { SkopiaError } from '../errors.ts';
import { addressOf, buildEmail, type EmailMessage } from './email-message.ts';

/**
 * A minimal SMTP client (RFC 5321) over node:net/tls, enough to hand a message to the
 * municipality's mail server: EHLO, STARTTLS when offered, AUTH PLAIN, MAIL FROM, RCPT TO, DATA.
 *
 *   smtp://user:pass@host:587   plain connection upgraded by STARTTLS (required before AUTH, except on loopback)
 *   smtps://user:pass@host:465  TLS from the first byte
 */
export interface SmtpOptions {
  readonly url: string;
  readonly timeoutMs?: number;
  /** Extra TLS options (a private CA in tests). */
  readonly tls?: ConnectionOptions;
  /** The name this client gives in EHLO. */
  readonly clientName?: string;
}

interface Reply {
  readonly code: number;
  readonly lines: readonly string[];
}

class SmtpConversation {
  #socket: Socket | TLSSocket;
  #buffer = '';
  #waiting: ((reply: Reply | Error) => void) | null = null;
  #pending: (Reply | Error)[] = [];
  readonly #host: string;

  constructor(socket: Socket | TLSSocket, host: string) {
    this.#host = host;
    this.#socket = socket;
    this.#listen(socket);
  }

  #listen(socket: Socket | TLSSocket): void {
    // Replies are ASCII; no setEncoding, so the raw socket can still be handed to TLS.
    socket.on('data', (chunk: Buffer) => this.#onData(chunk.toString('latin1')));
    socket.on('error', (error: Error) => this.#deliver(error));
    socket.on('close', () => this.#deliver(new Error('the server closed the connection')));
  }

  #onData(chunk: string): void {
    this.#buffer += chunk;
    let lines: string[] = [];
    for (;;) {
      const end = this.#buffer.indexOf('\n');
      if (end < 0) break;
      const line = this.#buffer.slice(0, end).replace(/\r$/, '');
      this.#buffer = this.#buffer.slice(end + 1);
      lines.push(line);
      // "250-..." continues a reply, "250 ..." ends it.
      if (line.length < 4 || line[3] !== '-') {
        this.#deliver({ code: Number(line.slice(0, 3)), lines: lines.map((l) => l.slice(4)) });
        lines = [];
      }
    }
    if (lines.length > 0) this.#buffer = lines.map((l) => `${l}\n`).join('') + this.#buffer;
  }

  #deliver(item: Reply | Error): void {
    const waiter = this.#waiting;
    if (waiter) {
      this.#waiting = null;
      waiter(item);
    } else {
      this.#pending.push(item);
    }
  }

  read(): Promise<Reply> {
    const next = this.#pending.shift();
    if (next) return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    return new Promise((resolve, reject) => {
      this.#waiting = (item) => (item instanceof Error ? reject(item) : resolve(item));
    });
  }

  async expect(codes: readonly number[], what: string): Promise<Reply> {
    const reply = await this.read();
    if (!codes.includes(reply.code)) {
      throw new SkopiaError('smtp_rejected', `The mail server ${this.#host} refused ${what}: ${reply.code} ${reply.lines.join(' ')}`);
    }
    return reply;
  }

  async command(line: string, codes: readonly number[], what: string): Promise<Reply> {
    this.#socket.write(`${line}\r\n`);
    return this.expect(codes, what);
  }

  write(data: string): void {
    this.#socket.write(data);
  }

  /** Hands the socket to TLS (after STARTTLS); replies are read from the encrypted stream from now on. */
  async upgrade(options: ConnectionOptions, timeoutMs: number): Promise<void> {
    const plain = this.#socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    plain.removeAllListeners('error');
    plain.setTimeout(0);
    const secure = tlsConnect({ ...options, socket: plain });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', resolve);
      secure.once('error', reject);
    });
    secure.setTimeout(timeoutMs, () => secure.destroy(new Error('timed out')));
    this.#socket = secure;
    this.#buffer = '';
    this.#listen(secure);
  }

  end(): void {
    this.#socket.end();
  }

  destroy(): void {
    this.#socket.destroy();
  }

  get encrypted(): boolean {
    return 'encrypted' in this.#socket && this.#socket.encrypted;
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || host.startsWith('127.');
}

function open(url: URL, options: SmtpOptions): Promise<Socket | TLSSocket> {
  const secure = url.protocol === 'smtps:';
  const port = Number(url.port || (secure ? 465 : 587));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = secure ? tlsConnect({ host, port, servername: host, ...options.tls }) : netConnect({ host, port });
    socket.once(secure ? 'secureConnect' : 'connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Stuffs a dot before lines that start with one, so the message cannot end DATA early (RFC 5321 §4.5.2). */
export function dotStuff(data: string): string {
  return data.replace(/(^|\r\n)\./g, '$1..');
}

export async function sendMail(options: SmtpOptions, message: EmailMessage): Promise<void> {
  const url = new URL(options.url);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new SkopiaError('smtp_url', `SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//`);
  const host = url.hostname;
  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const clientName = options.clientName ?? 'skopia';
  let socket: Socket | TLSSocket;
  try {
    socket = await open(url, options);
  } catch (error) {
    throw new SkopiaError('smtp_unreachable', `Cannot connect to the mail server ${url.host}: ${(error as Error).message}. Check SMTP_URL.`, { cause: error });
  }
  const timeoutMs = options.timeoutMs ?? 15_000;
  socket.setTimeout(timeoutMs, () => socket.destroy(new Error('timed out')));
  const smtp = new SmtpConversation(socket, url.host);
  try {
    await smtp.expect([220], 'the connection');
    let ehlo = await smtp.command(`EHLO ${clientName}`, [250], 'EHLO');
    const offers = (word: string) => ehlo.lines.some((l) => l.toUpperCase().split(' ')[0] === word);
    if (!smtp.encrypted && offers('STARTTLS')) {
      await smtp.command('STARTTLS', [220], 'STARTTLS');
      await smtp.upgrade({ servername: host, ...options.tls }, timeoutMs);
      ehlo = await smtp.command(`EHLO ${clientName}`, [250], 'EHLO after STARTTLS');
    }
    if (username !== '') {
      if (!smtp.encrypted && !isLoopback(host)) {
        throw new SkopiaError('smtp_insecure', `The mail server ${url.host} offers no STARTTLS: refusing to send the password unencrypted. Use smtps:// or a server with TLS.`);
      }
      const plain = Buffer.from(`\0${username}\0${password}`, 'utf8').toString('base64');
      await smtp.command(`AUTH PLAIN ${plain}`, [235], 'the login (check the user and password in SMTP_URL)');
    }
    await smtp.command(`MAIL FROM:<${addressOf(message.from)}>`, [250], `the sender ${addressOf(message.from)}`);
    for (const to of message.to) await smtp.command(`RCPT TO:<${addressOf(to)}>`, [250, 251], `the recipient ${addressOf(to)}`);
    await smtp.command('DATA', [354], 'DATA');
    smtp.write(`${dotStuff(buildEmail(message))}.\r\n`);
    await smtp.expect([250], 'the message');
    await smtp.command('QUIT', [221], 'QUIT').catch(() => undefined);
    smtp.end();
  } catch (error) {
    smtp.destroy();
    if (error instanceof SkopiaError) throw error;
    throw new SkopiaError('smtp_failed', `Sending mail through ${url.host} failed: ${(error as Error).message}`, { cause: error });
  }
}
