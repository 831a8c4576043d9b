import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebhookNotifier } from '../../../server/notify/webhook-notifier.ts';
import { deliverWithRetry } from '../../../server/notify/retry-backoff.ts';
import { channelOf, displayRecipient, NotifyError } from '../../../server/notify/notifier.ts';

/** A real HTTP server on loopback that answers each request with the next scripted status. */
let server: Server;
let url: string;
let script: (number | 'hang')[] = [];
const received: { body: unknown; type: string | undefined }[] = [];

async function bodyOf(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void bodyOf(req).then((text) => {
      received.push({ body: JSON.parse(text) as unknown, type: req.headers['content-type'] });
      const next = script.shift() ?? 200;
      if (next === 'hang') return;
      res.writeHead(next, { 'content-type': 'text/plain' }).end(next === 200 ? 'ok' : `status ${next}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/duty-officer/s3cret`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  script = [];
  received.length = 0;
});

const notice = { subject: 'New alert', text: 'text', payload: { type: 'skopia.alert', alert: { id: 'a-1', severity: 'Severe' } } };
const fast = { attempts: 4, baseDelayMs: 10, maxDelayMs: 40, jitter: 0 };

describe('webhook notifier against a real HTTP server', () => {
  it('POSTs the payload as JSON', async () => {
    await new WebhookNotifier({ timeoutMs: 2000 }).send(url, notice, new AbortController().signal);
    expect(received).toEqual([{ body: notice.payload, type: 'application/json' }]);
  });

  it('retries 503s with exponential backoff until the hook answers 200', async () => {
    script = [503, 503, 200];
    const hook = new WebhookNotifier({ timeoutMs: 2000 });
    const started = Date.now();
    const result = await deliverWithRetry((signal) => hook.send(url, notice, signal), fast, { signal: new AbortController().signal });
    expect(result).toEqual({ ok: true, attempts: 3, lastError: null });
    expect(received).toHaveLength(3);
    // 10 ms, then 20 ms between the attempts.
    expect(Date.now() - started).toBeGreaterThanOrEqual(30);
  });

  it('does not retry a 404: the hook is wrong, and the error says what to check', async () => {
    script = [404];
    const hook = new WebhookNotifier({ timeoutMs: 2000 });
    const result = await deliverWithRetry((signal) => hook.send(url, notice, signal), fast, { signal: new AbortController().signal });
    expect(result.ok).toBe(false);
    expect(result.attempts).toBe(1);
    expect(result.lastError).toContain('answered 404');
    expect(result.lastError).toContain('ALERT_NOTIFY_LEVEL_');
    expect(result.lastError).not.toContain('s3cret');
  });

  it('times out a hook that does not answer, as a retryable failure', async () => {
    script = ['hang'];
    const error = await new WebhookNotifier({ timeoutMs: 100 }).send(url, notice, new AbortController().signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotifyError);
    expect((error as NotifyError).retryable).toBe(true);
    expect((error as NotifyError).message).toContain('no answer within 100 ms');
  });

  it('reports a refused connection as retryable', async () => {
    const error = await new WebhookNotifier({ timeoutMs: 500 }).send('http://127.0.0.1:9/hook', notice, new AbortController().signal).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'webhook_unreachable', retryable: true });
  });
});

describe('recipients', () => {
  it.each([
    ['https://hooks.example.org/x', 'webhook'],
    ['http://10.0.0.2:8080/alerts', 'webhook'],
    ['duty@polygyros.gr', 'email'],
    ['mailto:mayor@polygyros.gr', 'email'],
    ['not a recipient', null],
    ['ftp://example.org', null],
  ])('%s is %s', (recipient, channel) => {
    expect(channelOf(recipient)).toBe(channel);
  });

  it('never shows a webhook secret', () => {
    expect(displayRecipient('https://chat.example.org/hooks/T000/B000/XXXXSECRET?token=abc')).toBe('https://chat.example.org/hooks/…');
    expect(displayRecipient('https://example.org/')).toBe('https://example.org');
    expect(displayRecipient('mailto:duty@polygyros.gr')).toBe('duty@polygyros.gr');
  });
});
