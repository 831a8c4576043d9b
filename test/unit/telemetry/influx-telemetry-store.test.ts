import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Reading } from '../../../server/contracts/telemetry.ts';
import { InfluxHttp } from '../../../server/telemetry/influx-http.ts';
import { InfluxTelemetryStore, type InfluxTelemetryStoreOptions } from '../../../server/telemetry/influx-telemetry-store.ts';
import type { TelemetryLogger } from '../../../server/telemetry/telemetry-logger.ts';

/**
 * The Influx adapter's write path against a scripted fake InfluxDB, for the answers a real one will not
 * give on demand: 503, 401, a hang, a proxy's HTML. (The real thing is in test/integration.)
 */

interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly params: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

type Answer = { status: number; body?: string } | 'hang';

class FakeInflux {
  readonly requests: SeenRequest[] = [];
  /** Lines accepted by /write, in arrival order. */
  readonly lines: string[] = [];
  write: (request: SeenRequest) => Answer = () => ({ status: 204 });
  query: (request: SeenRequest) => Answer = () => ({ status: 200, body: '{"results":[{"statement_id":0}]}' });
  readonly #server: Server;
  readonly #hanging: ServerResponse[] = [];

  constructor() {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://fake');
        const body = Buffer.concat(chunks).toString('utf8');
        const params = req.method === 'POST' && url.pathname.endsWith('/query') ? new URLSearchParams(body) : url.searchParams;
        const seen = { method: req.method ?? '', path: url.pathname, params, headers: req.headers, body };
        this.requests.push(seen);
        const answer: Answer = url.pathname.endsWith('/ping')
          ? { status: 204 }
          : url.pathname.endsWith('/write')
            ? this.write(seen)
            : this.query(seen);
        if (answer === 'hang') {
          this.#hanging.push(res);
          return;
        }
        if (url.pathname.endsWith('/write') && answer.status === 204) this.lines.push(...body.split('\n'));
        res.writeHead(answer.status, { 'content-type': 'application/json', 'x-influxdb-version': 'fake' });
        res.end(answer.body ?? '');
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.#hanging.forEach((res) => res.destroy());
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }

  writes(): SeenRequest[] {
    return this.requests.filter((r) => r.path.endsWith('/write'));
  }
}

const T0 = 1_704_067_200_000;
const silent: TelemetryLogger = { info: () => {}, warn: () => {}, error: () => {} };

function reading(sensorId: string, ts: number, value: number): Reading {
  return { sensorId, ts, metrics: { level: value }, receivedAt: ts, source: 'native' };
}

let fake: FakeInflux;
let url: string;
let spoolDir: string;
const stores: InfluxTelemetryStore[] = [];

beforeEach(async () => {
  fake = new FakeInflux();
  url = await fake.start();
  spoolDir = await mkdtemp(join(tmpdir(), 'skopia-influx-unit-'));
});

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  await fake.stop();
  await rm(spoolDir, { recursive: true, force: true });
});

function store(options: Partial<InfluxTelemetryStoreOptions> = {}): InfluxTelemetryStore {
  const s = new InfluxTelemetryStore({
    url,
    spoolDir,
    flushIntervalMs: 5,
    probeIntervalMs: 20,
    probeMaxIntervalMs: 100,
    requestTimeoutMs: 300,
    logger: silent,
    ...options,
  });
  stores.push(s);
  return s;
}

describe('InfluxTelemetryStore write path', () => {
  it('spools while InfluxDB answers 5xx and replays in order once it answers again', async () => {
    const s = store();
    await s.open();
    fake.write = () => ({ status: 503, body: '{"error":"overloaded"}' });
    s.append([reading('a', T0, 1)]);
    await s.flush();
    s.append([reading('a', T0 + 1, 2)]);
    await s.flush();
    expect(s.health()).toMatchObject({ ok: false, spooledBatches: 2, spooledPoints: 2 });
    expect(s.health().detail).toMatch(/HTTP 503: overloaded/);

    fake.write = () => ({ status: 204 });
    await vi.waitFor(() => expect(s.health()).toMatchObject({ ok: true, spooledBatches: 0 }));
    expect(fake.lines).toEqual([`telemetry,sensor=a level=1 ${T0}`, `telemetry,sensor=a level=2 ${T0 + 1}`]);
    expect(fake.writes().at(-1)?.params.toString()).toBe('db=skopia&rp=skopia_rp&precision=ms');
  });

  it('treats a request that times out as an outage', async () => {
    const s = store();
    await s.open();
    fake.write = () => 'hang';
    s.append([reading('a', T0, 1)]);
    await s.flush();
    expect(s.health()).toMatchObject({ ok: false, spooledBatches: 1 });
    expect(s.health().detail).toMatch(/no answer within 300 ms/);
  });

  it('dead-letters a batch refused with 400 and writes the next one', async () => {
    const s = store();
    await s.open();
    fake.write = (r) => (r.body.includes('bad') ? { status: 400, body: '{"error":"unable to parse"}' } : { status: 204 });
    s.append([reading('bad', T0, 1)]);
    await s.flush();
    s.append([reading('good', T0, 2)]);
    await s.flush();
    expect(s.health()).toMatchObject({ ok: true, deadLetteredBatches: 1, spooledBatches: 0 });
    expect(fake.lines).toEqual([`telemetry,sensor=good level=2 ${T0}`]);
    expect(await readdir(join(spoolDir, 'dead-letter'))).toHaveLength(1);
  });

  it('keeps (spools) batches refused for credentials rather than dead-lettering them', async () => {
    const s = store();
    await s.open();
    fake.write = () => ({ status: 401, body: '{"error":"authorization failed"}' });
    s.append([reading('a', T0, 1)]);
    await s.flush();
    expect(s.health()).toMatchObject({ ok: false, spooledBatches: 1, deadLetteredBatches: 0 });
    expect(s.health().detail).toMatch(/check the username and password, or the token/);
  });

  it('refuses to open when InfluxDB refuses the credentials', async () => {
    fake.query = () => ({ status: 401, body: '{"error":"authorization failed"}' });
    await expect(store({ username: 'u', password: 'p' }).open()).rejects.toMatchObject({ code: 'influx_auth_failed' });
  });

  it('says so when the URL does not lead to InfluxDB', async () => {
    fake.query = () => ({ status: 200, body: '<html>router login</html>' });
    await expect(store().open()).rejects.toMatchObject({ code: 'influx_bad_answer' });
  });

  it('leaves the schema alone when manageSchema is false (InfluxDB 2.x/3.x)', async () => {
    const s = store({ manageSchema: false, token: 'abc' });
    await s.open();
    expect(fake.requests.map((r) => r.path)).toEqual(['/ping']);
  });

  it('reports dropped metrics without writing them', async () => {
    const warnings: string[] = [];
    const s = store({ logger: { ...silent, warn: (_, message) => warnings.push(message) } });
    await s.open();
    s.append([{ sensorId: 'a', ts: T0, metrics: { level: Number.NaN, time: 1 }, receivedAt: T0, source: 'native' }]);
    await s.flush();
    expect(fake.writes()).toEqual([]);
    expect(warnings).toEqual(['metrics InfluxDB cannot store were left out of the telemetry']);
  });
});

describe('InfluxHttp', () => {
  it('sends a token as `Authorization: Token`', async () => {
    await new InfluxHttp({ url, token: 'abc', timeoutMs: 1000 }).query('SHOW DATABASES');
    expect(fake.requests[0]?.headers.authorization).toBe('Token abc');
  });

  it('sends username and password as basic auth, also when written into the URL', async () => {
    await new InfluxHttp({ url, username: 'u', password: 'p:w', timeoutMs: 1000 }).query('SHOW DATABASES');
    const inUrl = new InfluxHttp({ url: url.replace('http://', 'http://u:p%3Aw@'), timeoutMs: 1000 });
    await inUrl.query('SHOW DATABASES');
    const expected = `Basic ${Buffer.from('u:p:w').toString('base64')}`;
    expect(fake.requests.map((r) => r.headers.authorization)).toEqual([expected, expected]);
    expect(inUrl.url).not.toContain('p%3Aw');
  });

  it.each(['', 'localhost:8086', 'ftp://127.0.0.1'])('refuses the URL %j, saying what one looks like', (bad) => {
    expect(() => new InfluxHttp({ url: bad, timeoutMs: 1000 })).toThrow(
      expect.objectContaining({ code: 'influx_url_invalid', message: expect.stringContaining('http://127.0.0.1:8086') as unknown }) as Error,
    );
  });

  it('refuses a token together with a username', () => {
    expect(() => new InfluxHttp({ url, token: 't', username: 'u', timeoutMs: 1000 })).toThrow(
      expect.objectContaining({ code: 'influx_auth_ambiguous' }) as Error,
    );
  });

  it('keeps a path prefix, for InfluxDB behind a reverse proxy', async () => {
    await new InfluxHttp({ url: `${url}/influx`, timeoutMs: 1000 }).write('db', 'rp', 'x');
    expect(fake.requests[0]?.path).toBe('/influx/write');
  });

  it('turns a statement error into an InfluxError carrying InfluxDB’s reason', async () => {
    fake.query = () => ({ status: 200, body: '{"results":[{"statement_id":0,"error":"database not found: x"}]}' });
    await expect(new InfluxHttp({ url, timeoutMs: 1000 }).query('SELECT 1', 'x')).rejects.toMatchObject({
      code: 'influx_query_failed',
      message: expect.stringContaining('database not found: x') as unknown,
      retryable: false,
    });
  });

  it('classifies a refused connection as retryable', async () => {
    const http = new InfluxHttp({ url, timeoutMs: 1000 });
    await fake.stop();
    await expect(http.ping()).rejects.toMatchObject({ code: 'influx_unreachable', retryable: true, message: expect.stringContaining('ECONNREFUSED') as unknown });
    fake = new FakeInflux();
    url = await fake.start();
  });
});
