import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/start-server.ts';
import { apiAs, publish, rulesDir, TEST_RULES } from './alert.fixtures.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * `npm run backtest`: history stored by a real server (SQLite) replayed through a draft that is
 * stricter on wind gusts; the table shows what the draft would have fired and what the rules in
 * force did instead.
 */
describe('backtest a draft rule set against stored history', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'skopia-backtest-'));
  const draftFile = join(dataDir, 'draft.json');
  let dir: string;
  const t0 = Date.now() - 3_600_000;

  beforeAll(async () => {
    dir = rulesDir();
    const server = await startTestServer({ RULES_DIR: dir, DATA_DIR: dataDir });
    const gateway = await server.connectGateway('gw-polygyros');
    // Two gusty spells at the Polygyros station: 88 and 110 km/h, each followed by calm.
    const spells: [number, number][] = [[0, 88], [60, 40], [600, 110], [660, 30]];
    for (const [s, gust] of spells) await publish(gateway, 'gw-polygyros', 'ws-polygyros', { wind_gust_kmh: gust, air_temperature_c: 20 }, t0 + s * 1000);
    const api = await apiAs(server, 'viewer');
    for (let i = 0; i < 100 && (await api.alerts('?ruleId=test-wind')).length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    await gateway.endAsync();
    await server.close();
    const draft = structuredClone(TEST_RULES) as unknown as { rules: { id: string; condition: Record<string, unknown> }[] };
    draft.rules = draft.rules.filter((r) => r.id === 'test-wind');
    (draft.rules[0] as { condition: Record<string, unknown> }).condition.raise = 100;
    writeFileSync(draftFile, JSON.stringify(draft));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/backtest.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      timeout: 60_000,
    });

  it('prints what the draft would have fired, and what the rules in force fired', () => {
    const from = new Date(t0 - 60_000).toISOString();
    const to = new Date(t0 + 3_600_000).toISOString();
    const r = run('--rules', draftFile, '--from', from, '--to', to);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Replayed 4 readings of 1 sensors');
    expect(r.stdout).toContain('Would have fired with the draft: 1');
    expect(r.stdout).toMatch(/\| test-wind \| sensor ws-polygyros \| [^|]+ \| Moderate\s+\| 110 km\/h \| [^|]+ \|/);
    expect(r.stdout).toContain('Fired by the rule set in force (alerts table): 2');
    expect(r.stdout).toMatch(/\| test-wind\s+\| 1\s+\| 2\s+\| -1\s+\|/);
  });

  it('rejects a broken draft with file, path and reason', () => {
    writeFileSync(draftFile, JSON.stringify({ version: 1, rules: [{ id: 'x' }] }));
    const r = run('--rules', draftFile, '--from', '2024-07-15', '--to', '2024-07-16');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${draftFile}: rules[0].name`);
  });
});
