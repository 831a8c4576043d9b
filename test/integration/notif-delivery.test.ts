import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertDeltaMessage, ServerMessage } from '../../server/contracts/live.ts';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';
import { LiveClient } from '../helpers/live-client.ts';
import { apiAs, publish, rulesDir } from './alert.fixtures.ts';

interface Mail {
  from: string;
  to: string[];
  data: string;
}

/** A tiny SMTP server (RFC 5321 without TLS or AUTH): enough to receive what Skopia sends. */
function startSmtp(): Promise<{ server: TcpServer; port: number; mails: Mail[] }> {
  const mails: Mail[] = [];
  const server = createTcpServer((socket) => {
    let buffer = '';
    let mail: Mail = { from: '', to: [], data: '' };
    let inData = false;
    socket.write('220 test-smtp ready\r\n');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          mail.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          mails.push(mail);
          mail = { from: '', to: [], data: '' };
          socket.write('250 queued\r\n');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') {
          socket.write('250-test-smtp\r\n250 8BITMIME\r\n');
        } else if (verb === 'MAIL') {
          mail.from = line.slice(10).replace(/[<>]/g, '');
          socket.write('250 ok\r\n');
        } else if (verb === 'RCPT') {
          mail.to.push(line.slice(8).replace(/[<>]/g, ''));
          socket.write('250 ok\r\n');
        } else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') {
          socket.end('221 bye\r\n');
        } else {
          socket.write('502 not implemented\r\n');
        }
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, mails })));
}

/**
 * Notifications through real adapters: a webhook on a local HTTP server (one that works, one that
 * answers 500), and e-mail through a local SMTP server when nobody acknowledges in time. A failed
 * notification shows on the alert, in its notification log, and live.
 */
describe('alert notifications and escalation', () => {
  let dir: string;
  let server: TestServer;
  let hooks: HttpServer;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const delivered: { path: string; body: { reason: string; level: number; alert: { id: string; ruleId: string } } }[] = [];
  const attemptsOnDown: number[] = [];

  beforeAll(async () => {
    hooks = createHttpServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        if (req.url === '/down') {
          attemptsOnDown.push(Date.now());
          res.writeHead(500).end('database is down');
          return;
        }
        delivered.push({ path: req.url ?? '', body: JSON.parse(text) as (typeof delivered)[number]['body'] });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}`;
    smtp = await startSmtp();
    dir = rulesDir();
    server = await startTestServer({
      RULES_DIR: dir,
      ALERT_NOTIFY_LEVEL_0: `${hookUrl}/duty, ${hookUrl}/down`,
      ALERT_NOTIFY_LEVEL_1: 'head-of-civil-protection@polygyros.gr',
      ALERT_ESCALATION_MINUTES: 'Extreme=0.01,Severe=0.01,Moderate=0.01,Minor=0.01',
      NOTIFY_RETRY_ATTEMPTS: '3',
      NOTIFY_RETRY_BASE_MS: '20',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      SMTP_FROM: 'Skopia <skopia@polygyros.gr>',
    });
  });
  afterAll(async () => {
    await server?.close();
    hooks?.closeAllConnections();
    await new Promise((r) => hooks?.close(r));
    await new Promise((r) => smtp?.server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('notifies level 0 at once; a failing webhook is retried with backoff, then shown failed on the alert and live', async () => {
    const live = await LiveClient.connect(server.wsUrl);
    const gateway = await server.connectGateway('gw-polygyros');
    await publish(gateway, 'gw-polygyros', 'ws-polygyros', { wind_gust_kmh: 92 });
    await gateway.endAsync();
    const failed = await live.waitFor((m: ServerMessage): m is AlertDeltaMessage => m.type === 'alert' && m.alert.notifications.failed === 1);
    const id = failed.alert.id;
    expect(delivered[0]).toMatchObject({ path: '/duty', body: { reason: 'raised', level: 0, alert: { id, ruleId: 'test-wind' } } });
    expect(attemptsOnDown).toHaveLength(3);
    // Backoff: 20 ms, then 40 ms (less jitter of up to a fifth).
    expect((attemptsOnDown[2] ?? 0) - (attemptsOnDown[0] ?? 0)).toBeGreaterThanOrEqual(45);

    const viewer = await apiAs(server, 'viewer');
    const detail = await viewer.alert(id);
    const down = detail.notifications.find((n) => n.recipient.endsWith('/down'));
    expect(down).toMatchObject({ level: 0, levelName: 'duty officer', channel: 'webhook', status: 'failed', attempts: 3, reason: 'raised' });
    expect(down?.lastError).toContain('answered 500: database is down');
    expect(detail.notifications.find((n) => n.recipient.endsWith('/duty'))).toMatchObject({ status: 'sent', attempts: 1 });
    live.close();
  });

  it('unacknowledged, it goes one level up by e-mail; acknowledged, it stops', async () => {
    await expect.poll(() => smtp.mails.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    const mail = smtp.mails[0];
    expect(mail).toMatchObject({ from: 'skopia@polygyros.gr', to: ['head-of-civil-protection@polygyros.gr'] });
    expect(mail?.data).toContain('Subject: [Skopia] Not acknowledged yet: Moderate Strong wind gusts at Polygyros weather station');
    const body = Buffer.from((mail?.data.split('\r\n\r\n')[1] ?? '').replace(/\r\n/g, ''), 'base64').toString('utf8');
    expect(body).toContain('Wind gust at Polygyros weather station is 92 km/h');
    expect(body).toContain('head of civil protection');

    const operator = await apiAs(server, 'operator');
    const [alert] = await operator.alerts('?state=firing');
    await operator.post(`/api/alerts/${alert?.id ?? ''}/acknowledge`, { comment: 'Seen, crews out' });
    await server.app.skopia.alerts.notifications.settled();
    const sent = smtp.mails.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.mails.length).toBe(sent);
    const detail = await operator.alert(alert?.id ?? '');
    expect(detail.history.map((e) => e.kind)).toContain('escalated');
    expect(detail.alert.escalationLevel).toBe(1);
    expect(detail.notifications.filter((n) => n.channel === 'email').every((n) => n.status === 'sent')).toBe(true);
  });
});
