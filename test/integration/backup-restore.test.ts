import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { createBackup } from '../../server/backup/create-backup.ts';
import { CHECKSUMS_FILE, MANIFEST_FILE } from '../../server/backup/backup-manifest.ts';
import { restoreBackup, verifyBackup } from '../../server/backup/restore-backup.ts';
import { SERVER_LOCK_FILE } from '../../server/backup/server-lock.ts';
import { SkopiaError } from '../../server/errors.ts';
import { loadMigrations } from '../../server/store/state-store.ts';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';

const GATEWAY = 'gw-polygyros';
const SENSOR = 'ws-polygyros';
const METRIC = 'air_temperature_c';
const T0 = Date.parse('2026-08-12T10:00:00Z');

async function issueCredential(server: TestServer, note: string): Promise<string> {
  const admin = await server.login('admin');
  const res = await fetch(`${server.httpUrl}/api/gateways/${GATEWAY}/credential`, {
    method: 'POST',
    headers: { cookie: admin.cookie, 'x-csrf-token': admin['x-csrf-token'], 'content-type': 'application/json' },
    body: JSON.stringify({ note }),
  });
  expect(res.status).toBeLessThan(300);
  return ((await res.json()) as { password: string }).password;
}

async function publishReadings(server: TestServer, password: string, from: number, count: number): Promise<void> {
  const client = await mqtt.connectAsync(server.mqttUrl, { clientId: `backup-test-${from}`, username: GATEWAY, password, reconnectPeriod: 0 });
  for (let i = 0; i < count; i++) {
    await client.publishAsync(`skopia/${GATEWAY}/${SENSOR}/telemetry`, JSON.stringify({ ts: from + i * 60_000, metrics: { [METRIC]: 20 + i } }), { qos: 1 });
  }
  await client.endAsync();
  await expect.poll(async () => (await server.app.skopia.store.range(SENSOR, METRIC, from, from + count * 60_000, 1000)).length, { timeout: 10_000 }).toBe(count);
  await server.app.skopia.store.flush();
}

async function canConnect(server: TestServer, password: string): Promise<boolean> {
  try {
    const client = await mqtt.connectAsync(server.mqttUrl, { clientId: `backup-check-${Math.random()}`, username: GATEWAY, password, reconnectPeriod: 0 });
    await client.endAsync();
    return true;
  } catch {
    return false;
  }
}

function notes(server: TestServer): string[] {
  return server.app.skopia.audit.query({ subjectType: 'gateway', subjectId: GATEWAY }).map((e) => e.note ?? '');
}

describe('backup and restore of DATA_DIR', () => {
  const root = mkdtempSync(join(tmpdir(), 'skopia-backup-test-'));
  const dataDir = join(root, 'data');
  const backups = join(root, 'backups');
  // The canary writes to the telemetry store every 100 ms: the backup is taken under writes.
  const env = { DATA_DIR: dataDir, CANARY_INTERVAL_S: '0.1' };
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('backs up while the server runs, refuses to restore while it runs, and restores the backed-up state', async () => {
    let server = await startTestServer(env);
    let backupDir: string;
    let before: string;
    let after: string;
    try {
      before = await issueCredential(server, 'before the backup');
      await publishReadings(server, before, T0, 5);

      const backup = await createBackup({ dataDir, destDir: backups, region: 'polygyros', telemetryStore: 'sqlite', now: Date.now() });
      backupDir = backup.dir;
      const paths = backup.manifest.files.map((f) => f.path);
      expect(paths).toEqual(expect.arrayContaining(['state.sqlite', 'telemetry.sqlite']));
      expect(paths).not.toContain(SERVER_LOCK_FILE);
      expect(paths.some((p) => p.endsWith('-wal') || p.endsWith('-shm'))).toBe(false);
      expect(backup.manifest.migrations).toEqual(loadMigrations().map((m) => m.id));
      expect(readFileSync(join(backupDir, CHECKSUMS_FILE), 'utf8')).toMatch(/^[0-9a-f]{64} {2}state\.sqlite$/m);
      await expect(verifyBackup(backupDir)).resolves.toMatchObject({ region: 'polygyros' });

      // Changes after the backup: a rotated credential, its audit entry, newer readings.
      after = await issueCredential(server, 'after the backup');
      await publishReadings(server, after, T0 + 3_600_000, 3);

      const refused = restoreBackup({ backupDir, dataDir, http: { host: '127.0.0.1', port: server.config.HTTP_PORT }, knownMigrations: loadMigrations().map((m) => m.id), now: Date.now() });
      await expect(refused).rejects.toMatchObject({ code: 'server_running' });
    } finally {
      await server.close();
    }
    expect(existsSync(join(dataDir, SERVER_LOCK_FILE))).toBe(false);

    const result = await restoreBackup({ backupDir, dataDir, http: { host: '127.0.0.1', port: server.config.HTTP_PORT }, knownMigrations: loadMigrations().map((m) => m.id), now: Date.now() });
    expect(existsSync(join(result.previousDir, 'state.sqlite'))).toBe(true);

    server = await startTestServer(env);
    try {
      expect(await canConnect(server, before)).toBe(true);
      expect(await canConnect(server, after)).toBe(false);
      expect(notes(server)).toContain('before the backup');
      expect(notes(server)).not.toContain('after the backup');
      const { store } = server.app.skopia;
      expect((await store.range(SENSOR, METRIC, T0, T0 + 3_600_000, 1000)).map((p) => p.value)).toEqual([20, 21, 22, 23, 24]);
      expect(await store.range(SENSOR, METRIC, T0 + 3_600_000, T0 + 7_200_000, 1000)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('refuses a damaged backup, a backup from a newer Skopia, and a folder that is no backup', async () => {
    const server = await startTestServer(env);
    let good: string;
    try {
      good = (await createBackup({ dataDir, destDir: backups, region: 'polygyros', telemetryStore: 'sqlite', now: Date.now() + 1000 })).dir;
    } finally {
      await server.close();
    }
    const restore = (backupDir: string): Promise<unknown> =>
      restoreBackup({ backupDir, dataDir, http: { host: '127.0.0.1', port: server.config.HTTP_PORT }, knownMigrations: loadMigrations().map((m) => m.id), now: Date.now() });

    const damaged = join(root, 'damaged');
    cpSync(good, damaged, { recursive: true });
    const state = join(damaged, 'state.sqlite');
    const bytes = readFileSync(state);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    writeFileSync(state, bytes);
    await expect(restore(damaged)).rejects.toMatchObject({ code: 'backup_corrupt' });

    const newer = join(root, 'newer');
    cpSync(good, newer, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(newer, MANIFEST_FILE), 'utf8')) as { migrations: string[] };
    manifest.migrations.push('999-from-the-future.sql');
    writeFileSync(join(newer, MANIFEST_FILE), JSON.stringify(manifest));
    await expect(restore(newer)).rejects.toMatchObject({ code: 'backup_too_new' });

    await expect(restore(root)).rejects.toBeInstanceOf(SkopiaError);
    await expect(restore(root)).rejects.toMatchObject({ code: 'backup_not_found' });
  });
});
