import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sendMail } from '../../server/notify/smtp-client.ts';
import { HttpSmsSender } from '../../server/notify/sms-http.ts';
import { requireBinary } from '../helpers/require-binary.ts';
import { startTestServer } from '../helpers/start-server.ts';

/**
 * The contractor's notification adapters against real servers on loopback: a tiny SMTP server written
 * here (EHLO, STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA) and an HTTP SMS gateway.
 */
interface Received {
  readonly commands: string[];
  data: string;
  tls: boolean;
  auth: string | null;
}

interface SmtpServerOptions {
  readonly starttls?: { key: string; cert: string };
  readonly rejectRecipient?: string;
}

/** Enough of RFC 5321 to receive one message; records what the client said. */
function startSmtpServer(options: SmtpServerOptions = {}): Promise<{ server: Server; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((raw) => {
    const r: Received = { commands: [], data: '', tls: false, auth: null };
    received.push(r);
    let socket: Socket = raw;
    let buffer = '';
    let inData = false;
    const write = (line: string) => socket.write(`${line}\r\n`);
    const onLine = (line: string): void => {
      if (inData) {
        if (line === '.') {
          inData = false;
          write('250 2.0.0 queued');
        } else r.data += `${line}\r\n`;
        return;
      }
      r.commands.push(line.startsWith('AUTH PLAIN') ? 'AUTH PLAIN ***' : line);
      const verb = line.split(' ')[0]?.toUpperCase();
      if (verb === 'EHLO') {
        const offers = ['250-test.smtp greets you', ...(options.starttls && !r.tls ? ['250-STARTTLS'] : []), '250-8BITMIME', '250 AUTH PLAIN'];
        for (const o of offers) write(o);
      } else if (verb === 'STARTTLS' && options.starttls) {
        write('220 2.0.0 ready for TLS');
        socket.removeAllListeners('data');
        const secure = new TLSSocket(socket, { isServer: true, key: options.starttls.key, cert: options.starttls.cert });
        secure.on('data', onData);
        socket = secure;
        r.tls = true;
        buffer = '';
      } else if (verb === 'AUTH') {
        r.auth = Buffer.from(line.split(' ')[2] ?? '', 'base64').toString('utf8');
        write(r.auth === '\0skopia\0s3cret' ? '235 2.7.0 ok' : '535 5.7.8 bad credentials');
      } else if (verb === 'MAIL') write('250 2.1.0 ok');
      else if (verb === 'RCPT') write(line.includes(options.rejectRecipient ?? '\0') ? '550 5.1.1 no such user' : '250 2.1.5 ok');
      else if (verb === 'DATA') {
        inData = true;
        write('354 go ahead');
      } else if (verb === 'QUIT') {
        write('221 2.0.0 bye');
        socket.end();
      } else write('502 5.5.2 not implemented');
    };
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('utf8');
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        onLine(line);
      }
    };
    socket.on('data', onData);
    socket.on('error', () => undefined);
    write('220 test.smtp ESMTP');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port, received })));
}

function bodyOf(data: string): string {
  const [, body = ''] = data.split('\r\n\r\n');
  return Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8');
}

describe('SMTP client', () => {
  const servers: Server[] = [];
  afterEach(() => {
    for (const s of servers.splice(0)) s.close();
  });

  it('delivers a UTF-8 message with AUTH PLAIN to a loopback server', async () => {
    const smtp = await startSmtpServer();
    servers.push(smtp.server);
    await sendMail(
      { url: `smtp://skopia:s3cret@127.0.0.1:${smtp.port}` },
      { from: 'Skopia <ops@example.gr>', to: ['contractor@example.com'], subject: 'Κλήση: πυρκαγιά', text: 'Γεια σας\n.leading dot\nτέλος' },
    );
    const [r] = smtp.received;
    expect(r?.commands).toEqual(['EHLO skopia', 'AUTH PLAIN ***', 'MAIL FROM:<ops@example.gr>', 'RCPT TO:<contractor@example.com>', 'DATA', 'QUIT']);
    expect(r?.auth).toBe('\0skopia\0s3cret');
    expect(r?.data).toContain(`Subject: =?UTF-8?B?${Buffer.from('Κλήση: πυρκαγιά').toString('base64')}?=`);
    expect(bodyOf(r?.data ?? '')).toBe('Γεια σας\r\n.leading dot\r\nτέλος');
  });

  it('says which recipient the server refused, and why', async () => {
    const smtp = await startSmtpServer({ rejectRecipient: 'ghost@example.com' });
    servers.push(smtp.server);
    await expect(sendMail({ url: `smtp://127.0.0.1:${smtp.port}` }, { from: 'ops@example.gr', to: ['ghost@example.com'], subject: 's', text: 't' })).rejects.toThrow(
      `The mail server 127.0.0.1:${smtp.port} refused the recipient ghost@example.com: 550 5.1.1 no such user`,
    );
  });

  it('says when the password is wrong', async () => {
    const smtp = await startSmtpServer();
    servers.push(smtp.server);
    await expect(sendMail({ url: `smtp://skopia:wrong@127.0.0.1:${smtp.port}` }, { from: 'ops@example.gr', to: ['a@example.com'], subject: 's', text: 't' })).rejects.toThrow(
      /refused the login \(check the user and password in SMTP_URL\): 535/,
    );
  });

  it('says when nobody listens', async () => {
    const smtp = await startSmtpServer();
    const port = smtp.port;
    smtp.server.close();
    await expect(sendMail({ url: `smtp://127.0.0.1:${port}` }, { from: 'ops@example.gr', to: ['a@example.com'], subject: 's', text: 't' })).rejects.toThrow(
      /Cannot connect to the mail server 127\.0\.0\.1:\d+: .*ECONNREFUSED.*Check SMTP_URL/,
    );
  });

  describe.skipIf(!requireBinary('/usr/bin/openssl', 'openssl'))('with STARTTLS', () => {
    let dir: string;
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('upgrades to TLS before sending the password', async () => {
      dir = mkdtempSync(join(tmpdir(), 'skopia-smtp-tls-'));
      const key = join(dir, 'key.pem');
      const cert = join(dir, 'cert.pem');
      execFileSync('/usr/bin/openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], {
        stdio: 'ignore',
      });
      const pem = { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
      const smtp = await startSmtpServer({ starttls: pem });
      servers.push(smtp.server);
      await sendMail({ url: `smtp://skopia:s3cret@127.0.0.1:${smtp.port}`, tls: { ca: pem.cert } }, { from: 'ops@example.gr', to: ['a@example.com'], subject: 'TLS', text: 'secret' });
      const [r] = smtp.received;
      expect(r?.tls).toBe(true);
      expect(r?.commands).toEqual(['EHLO skopia', 'STARTTLS', 'EHLO skopia', 'AUTH PLAIN ***', 'MAIL FROM:<ops@example.gr>', 'RCPT TO:<a@example.com>', 'DATA', 'QUIT']);
      expect(bodyOf(r?.data ?? '')).toBe('secret');
    });

    it('refuses a server certificate it cannot trust', async () => {
      const pem = { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
      const smtp = await startSmtpServer({ starttls: pem });
      servers.push(smtp.server);
      await expect(sendMail({ url: `smtp://skopia:s3cret@127.0.0.1:${smtp.port}` }, { from: 'ops@example.gr', to: ['a@example.com'], subject: 's', text: 't' })).rejects.toThrow(
        /self-signed certificate/,
      );
      expect(smtp.received[0]?.auth).toBeNull();
    });
  });
});

describe('HTTP SMS gateway', () => {
  let http: HttpServer;
  const requests: { headers: IncomingMessage['headers']; body: string }[] = [];
  let answer = 202;

  const start = () =>
    new Promise<number>((resolve) => {
      http = createHttpServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString('utf8')));
        req.on('end', () => {
          requests.push({ headers: req.headers, body });
          res.writeHead(answer, { 'content-type': 'application/json' }).end(answer < 300 ? '{"id":"m1"}' : '{"error":"bad token"}');
        });
      });
      http.listen(0, '127.0.0.1', () => resolve((http.address() as { port: number }).port));
    });
  afterAll(() => http?.close());

  it('POSTs the number, the text and the sender as JSON with the bearer token', async () => {
    const port = await start();
    const sender = new HttpSmsSender({ url: `http://127.0.0.1:${port}/send`, token: 'tok-123', sender: 'Skopia' });
    await sender.send({ to: '+306900000101', text: 'Skopia: πυρκαγιά' });
    expect(requests[0]?.headers).toMatchObject({ authorization: 'Bearer tok-123', 'content-type': 'application/json' });
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({ to: '+306900000101', text: 'Skopia: πυρκαγιά', from: 'Skopia' });
  });

  it('turns a refusal into a sentence naming the variable to check', async () => {
    answer = 401;
    const sender = new HttpSmsSender({ url: `http://127.0.0.1:${(http.address() as { port: number }).port}/send`, token: 'wrong' });
    await expect(sender.send({ to: '+306900000101', text: 'x' })).rejects.toThrow(/answered 401: \{"error":"bad token"\}; check SMS_GATEWAY_TOKEN\./);
  });

  it('turns an unreachable gateway into a sentence naming the variable to check', async () => {
    const sender = new HttpSmsSender({ url: 'http://127.0.0.1:9/send', timeoutMs: 2000 });
    await expect(sender.send({ to: '+306900000101', text: 'x' })).rejects.toThrow(/did not answer .*check SMS_GATEWAY_URL/);
  });
});

describe('a dispatch whose SMS cannot be sent', () => {
  it('shows the failure on the dispatch, so the operations room phones instead', async () => {
    const server = await startTestServer({ SMS_GATEWAY: 'http', SMS_GATEWAY_URL: 'http://127.0.0.1:9/send' });
    try {
      const session = await server.login('operator');
      const headers = { cookie: session.cookie, 'x-csrf-token': session['x-csrf-token'] };
      const incident = await server.app.inject({ method: 'POST', url: '/api/incidents', headers, payload: { hazard: 'flood', lat: 40.3, lon: 23.55, description: 'Water over the road' } });
      const dispatch = await server.app.inject({
        method: 'POST',
        url: '/api/dispatches',
        headers,
        payload: { machineId: 'm-pu-ormylia', target: { kind: 'incident', id: incident.json<{ id: string }>().id } },
      });
      await server.app.skopia.machinery.dispatch.idle();
      const view = await server.app.inject({ method: 'GET', url: `/api/dispatches/${dispatch.json<{ id: string }>().id}`, headers });
      const notifications = view.json<{ notifications: { channel: string; via: string; ok: boolean; error: string | null }[] }>().notifications;
      expect(notifications[0]).toMatchObject({ channel: 'sms', via: 'http', ok: false, error: expect.stringMatching(/check SMS_GATEWAY_URL/) as unknown });
      expect(notifications[1]).toMatchObject({ channel: 'email', via: 'log', ok: true });
    } finally {
      await server.close();
    }
  });
});
