import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  backupName,
  checksumProblems,
  checksumsText,
  isSafeRelativePath,
  parseManifest,
  sha256File,
  treatmentOf,
  unknownMigrations,
  type BackupManifest,
  type FileFacts,
} from '../../../server/backup/backup-manifest.ts';

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);

const manifest: BackupManifest = {
  format: 'skopia-backup',
  formatVersion: 1,
  createdAt: '2026-08-12T14:05:00.000Z',
  skopiaVersion: '0.1.0',
  hostname: 'ops',
  region: 'polygyros',
  telemetryStore: 'sqlite',
  migrations: ['001-audit-log.sql', '002-gateway-credentials.sql'],
  files: [
    { path: 'state.sqlite', bytes: 10, sha256: SHA_A, kind: 'sqlite' },
    { path: 'influx-spool/0000000000000001-5.lp', bytes: 3, sha256: SHA_B, kind: 'file' },
  ],
};

describe('treatmentOf: which files of DATA_DIR are backed up, and how', () => {
  it.each([
    ['state.sqlite', 'sqlite'],
    ['telemetry.sqlite', 'sqlite'],
    ['other.db', 'sqlite'],
    ['state.sqlite-wal', 'skip'],
    ['state.sqlite-shm', 'skip'],
    ['telemetry.sqlite-journal', 'skip'],
    ['rule-engine-state.json', 'file'],
    ['rule-engine-state.json.tmp', 'skip'],
    ['influx-spool/0000000000000001-5.lp', 'file'],
    ['influx-spool/0000000000000002-5.lp.tmp', 'skip'],
    ['influx-spool/spool.lock', 'skip'],
    ['influx-spool/dead-letter/0000000000000003.lp', 'file'],
    ['server.pid', 'skip'],
    ['pre-restore-20260812T140500Z/state.sqlite', 'skip'],
    ['.restore-staging-20260812T140500Z/state.sqlite', 'skip'],
    ['.npm/_logs/debug.log', 'skip'],
    ['mosquitto/passwd', 'file'],
  ])('%s → %s', (path, expected) => {
    expect(treatmentOf(path)).toBe(expected);
  });
});

describe('names and checksum files', () => {
  it('names a backup by region and UTC time, sortable and without colons', () => {
    expect(backupName('polygyros', Date.parse('2026-08-12T14:05:09.123Z'))).toBe('skopia-polygyros-20260812T140509Z');
  });

  it('writes SHA256SUMS in the format sha256sum -c reads', () => {
    expect(checksumsText(manifest.files)).toBe(`${SHA_A}  state.sqlite\n${SHA_B}  influx-spool/0000000000000001-5.lp\n`);
  });

  it('hashes a file as sha256sum does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skopia-sha-'));
    try {
      writeFileSync(join(dir, 'abc'), 'abc');
      await expect(sha256File(join(dir, 'abc'))).resolves.toEqual({ bytes: 3, sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' });
      writeFileSync(join(dir, 'empty'), '');
      await expect(sha256File(join(dir, 'empty'))).resolves.toEqual({ bytes: 0, sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' });
      await expect(sha256File(join(dir, 'missing'))).rejects.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('isSafeRelativePath: a manifest cannot make restore write outside DATA_DIR', () => {
  it.each([
    ['state.sqlite', true],
    ['influx-spool/1.lp', true],
    ['../etc/passwd', false],
    ['influx-spool/../../x', false],
    ['/etc/passwd', false],
    ['a//b', false],
    ['./a', false],
    ['a\\b', false],
    ['', false],
  ])('%j → %s', (path, expected) => {
    expect(isSafeRelativePath(path)).toBe(expected);
  });
});

describe('parseManifest', () => {
  it('reads a manifest', () => {
    expect(parseManifest(JSON.stringify(manifest), 'm.json')).toEqual(manifest);
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['another format', JSON.stringify({ ...manifest, format: 'tarball' }), /not a Skopia backup manifest/],
    ['a bad checksum', JSON.stringify({ ...manifest, files: [{ ...manifest.files[0], sha256: 'xyz' }] }), /files\.0\.sha256/],
    ['a path outside the backup', JSON.stringify({ ...manifest, files: [{ ...manifest.files[0], path: '../state.sqlite' }] }), /outside the backup folder/],
  ])('refuses %s, with code backup_manifest_invalid', (_what, text, message) => {
    expect(() => parseManifest(text, 'm.json')).toThrow(expect.objectContaining({ code: 'backup_manifest_invalid', message: expect.stringMatching(message) as unknown }));
  });
});

describe('checksumProblems', () => {
  const found = (entries: [string, FileFacts | null][]): Map<string, FileFacts | null> => new Map(entries);

  it('is empty when every file matches', () => {
    expect(checksumProblems(manifest, found([['state.sqlite', { bytes: 10, sha256: SHA_A }], ['influx-spool/0000000000000001-5.lp', { bytes: 3, sha256: SHA_B }]]))).toEqual([]);
  });

  it('names every missing, truncated or changed file', () => {
    expect(checksumProblems(manifest, found([['state.sqlite', { bytes: 9, sha256: SHA_A }]]))).toEqual([
      'state.sqlite: 9 bytes, the manifest says 10',
      'influx-spool/0000000000000001-5.lp: missing',
    ]);
    expect(checksumProblems(manifest, found([['state.sqlite', { bytes: 10, sha256: SHA_B }], ['influx-spool/0000000000000001-5.lp', null]]))).toEqual([
      'state.sqlite: checksum differs from the manifest',
      'influx-spool/0000000000000001-5.lp: missing',
    ]);
  });
});

describe('unknownMigrations: migrations only go forward', () => {
  it('accepts an older or equal backup', () => {
    expect(unknownMigrations(manifest, ['001-audit-log.sql', '002-gateway-credentials.sql', '003-users.sql'])).toEqual([]);
  });

  it('lists what a newer Skopia added', () => {
    expect(unknownMigrations(manifest, ['001-audit-log.sql'])).toEqual(['002-gateway-credentials.sql']);
  });
});
