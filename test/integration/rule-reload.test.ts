import { mkdtempSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type mqtt from 'mqtt';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';
import { apiAs, publish, rulesDir, TEST_RULES } from './alert.fixtures.ts';

interface Problem {
  file?: string;
  path: string;
  ruleId?: string;
  reason: string;
}
interface RulesAnswer {
  source: string;
  files: string[];
  loadedAt: number;
  rejected: { at: number; errors: Problem[] } | null;
  rules: { id: string; enabled: boolean; live: { active: unknown[]; pending: unknown[]; tracked: number } | null }[];
}

const HEAT_RULE = {
  id: 'test-heat',
  name: 'Heat',
  hazard: 'fire',
  public: false,
  severity: 'Minor',
  urgency: 'Expected',
  certainty: 'Observed',
  selector: { sensorIds: ['ws-taxiarchis'] },
  condition: { kind: 'threshold', metric: 'air_temperature_c', direction: 'above', raise: 40 },
};

/**
 * Rules reload without a restart; a broken file is rejected with file, path and reason (in the log
 * and in GET /api/rules) and the rules in force keep running; a removed rule takes its alerts along.
 */
describe('rule files: validation, reload on change, the set in force stays in force', () => {
  let dir: string;
  let server: TestServer;
  let gateway: mqtt.MqttClient;
  let api: Awaited<ReturnType<typeof apiAs>>;
  const rules = async () => (await api.get<RulesAnswer>('/api/rules')).body;

  beforeAll(async () => {
    dir = rulesDir();
    server = await startTestServer({ RULES_DIR: dir, RULES_POLL_SECONDS: '0.5' });
    gateway = await server.connectGateway('gw-polygyros');
    api = await apiAs(server, 'operator');
  });
  afterAll(async () => {
    await gateway?.endAsync();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the rules in force with their live state', async () => {
    const body = await rules();
    expect(body).toMatchObject({ source: 'files', files: [join(dir, 'test.json')], rejected: null });
    expect(body.rules.map((r) => r.id)).toEqual(['test-wind', 'test-gauge', 'fire-danger-fwi']);
    expect(body.rules[0]?.live).toEqual({ ruleId: 'test-wind', active: [], pending: [], tracked: 0 });
  });

  it('rejects a broken file with file, path and reason, and keeps the set in force running', async () => {
    const broken = structuredClone(TEST_RULES) as unknown as { rules: { condition: Record<string, unknown> }[] };
    (broken.rules[0] as { condition: Record<string, unknown> }).condition.direction = 'sideways';
    writeFileSync(join(dir, 'test.json'), JSON.stringify(broken));
    await expect.poll(async () => (await rules()).rejected, { timeout: 5000 }).not.toBeNull();
    const body = await rules();
    expect(body.rejected?.errors).toEqual([{ file: join(dir, 'test.json'), path: 'rules[0].condition.direction', ruleId: 'test-wind', reason: expect.stringContaining('above') as string }]);
    expect(body.rules.map((r) => r.id)).toEqual(['test-wind', 'test-gauge', 'fire-danger-fwi']);
    // The old test-wind rule still raises.
    await publish(gateway, 'gw-polygyros', 'ws-polygyros', { wind_gust_kmh: 90 });
    await expect.poll(async () => (await api.alerts('?state=open')).map((a) => a.ruleId)).toEqual(['test-wind']);

    writeFileSync(join(dir, 'extra.json'), '{ "version": 1, "rules": [ oops ] }');
    await expect.poll(async () => (await rules()).rejected?.errors.map((e) => [e.file, e.path]), { timeout: 5000 }).toContainEqual([join(dir, 'extra.json'), '(document)']);
    unlinkSync(join(dir, 'extra.json'));
  });

  it('reloads a fixed file without a restart, and a removed rule takes its open alert along', async () => {
    const next = { version: 1, rules: [TEST_RULES.rules[1], HEAT_RULE] };
    writeFileSync(join(dir, 'test.json'), JSON.stringify(next));
    await expect.poll(async () => (await rules()).rules.map((r) => r.id), { timeout: 5000 }).toEqual(['test-gauge', 'test-heat']);
    expect((await rules()).rejected).toBeNull();
    await expect.poll(async () => (await api.alerts('?ruleId=test-wind')).map((a) => [a.state, a.resolved?.by])).toEqual([['resolved', 'system']]);
    const [closed] = await api.alerts('?ruleId=test-wind');
    expect(closed?.resolved?.comment).toContain('no longer in the rule set');
    // It was public: the feed says it is over.
    const cap = await (await fetch(`${server.httpUrl}/cap/alerts/${closed?.id ?? ''}.xml`)).text();
    expect(cap).toContain('<msgType>Cancel</msgType>');

    const gw = await server.connectGateway('gw-polygyros');
    await publish(gw, 'gw-polygyros', 'ws-taxiarchis', { air_temperature_c: 43 });
    await expect.poll(async () => (await api.alerts('?state=firing')).map((a) => a.ruleId)).toEqual(['test-heat']);
    await gw.endAsync();
  });

  it('validates a draft: alone, or as a file of the set (duplicate ids across files)', async () => {
    const ok = await api.post('/api/rules/validate', { document: { version: 1, rules: [HEAT_RULE] } });
    expect(ok.body).toMatchObject({ ok: true, rules: [{ id: 'test-heat', kind: 'threshold' }] });
    const clash = await api.post('/api/rules/validate', { document: { version: 1, rules: [HEAT_RULE] }, file: 'other.json' });
    expect(clash.body).toMatchObject({ ok: false, errors: [{ file: 'other.json', path: 'rules[0].id', reason: expect.stringContaining('duplicate rule id "test-heat"') as string }] });
    const replacing = await api.post('/api/rules/validate', { document: JSON.stringify({ version: 1, rules: [HEAT_RULE] }), file: 'test.json' });
    expect(replacing.body).toMatchObject({ ok: true });
    const bad = await api.post('/api/rules/validate', { document: { version: 1, rules: [{ ...HEAT_RULE, severity: 'Catastrophic' }] } });
    expect(bad.body).toMatchObject({ ok: false, errors: [{ path: 'rules[0].severity', ruleId: 'test-heat' }] });
    expect((await api.post('/api/rules/validate', {})).status).toBe(400);
    const viewer = await apiAs(server, 'viewer');
    expect((await viewer.post('/api/rules/validate', { document: {} })).status).toBe(403);
  });
});

describe('a server started with broken rule files', () => {
  it('runs the last rule set that loaded cleanly, and says so', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'skopia-rules-data-'));
    const dir = rulesDir();
    let server = await startTestServer({ RULES_DIR: dir, DATA_DIR: dataDir });
    await server.close();
    writeFileSync(join(dir, 'test.json'), '{ "version": 2 }');
    server = await startTestServer({ RULES_DIR: dir, DATA_DIR: dataDir });
    try {
      const api = await apiAs(server, 'viewer');
      const body = (await api.get<RulesAnswer>('/api/rules')).body;
      expect(body.source).toBe('last-good');
      expect(body.rules.map((r) => r.id)).toEqual(['test-wind', 'test-gauge', 'fire-danger-fwi']);
      expect(body.rejected?.errors[0]).toMatchObject({ file: join(dir, 'test.json'), path: 'version' });
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
