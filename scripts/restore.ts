/**
 * npm run restore -- <backup folder>            DATA_DIR becomes the backup (the server must be stopped)
 * npm run restore -- --check <backup folder>    only checks the backup's files against its checksums
 */
import { config as loadDotenv } from 'dotenv';
import { parseConfig } from '../server/config.ts';
import { restoreBackup, verifyBackup } from '../server/backup/restore-backup.ts';
import { loadMigrations } from '../server/store/state-store.ts';
import { SkopiaError } from '../server/errors.ts';

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = parseConfig(process.env);
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('-'));
  if (dir === undefined) throw new SkopiaError('restore_usage', 'name the backup folder: npm run restore -- <folder>  (or --check <folder> to only verify it)');
  if (args.includes('--check')) {
    const manifest = await verifyBackup(dir);
    console.log(`${dir}: a good backup of ${manifest.region} made ${manifest.createdAt} by Skopia ${manifest.skopiaVersion}; ${manifest.files.length} files match their checksums.`);
    return;
  }
  const result = await restoreBackup({
    backupDir: dir,
    dataDir: config.DATA_DIR,
    http: { host: config.HTTP_HOST, port: config.HTTP_PORT },
    knownMigrations: loadMigrations().map((m) => m.id),
    now: Date.now(),
  });
  console.log(`Restored the backup of ${result.manifest.createdAt} into ${config.DATA_DIR} (${result.manifest.files.length} files).`);
  console.log(`What was there before is in ${result.previousDir}: delete it once the restored server looks right.`);
  if (result.manifest.telemetryStore === 'influx') console.log('Readings in InfluxDB are not part of this backup: restore InfluxDB separately if needed (docs/operations.md).');
  console.log('Start the server now (systemctl start skopia, or docker compose start skopia).');
}

main().catch((error: unknown) => {
  console.error(`restore: ${error instanceof SkopiaError ? error.message : String(error)}`);
  process.exit(1);
});
