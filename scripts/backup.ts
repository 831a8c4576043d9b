/**
 * npm run backup [-- <folder>]
 * A consistent copy of DATA_DIR (state and telemetry databases, rule-engine state, InfluxDB spool),
 * taken while the server runs, into a new folder under BACKUP_DIR (or <folder>), with a manifest and
 * SHA-256 checksums. InfluxDB's own data is backed up with InfluxDB's tools: see docs/operations.md.
 */
import { config as loadDotenv } from 'dotenv';
import { parseConfig } from '../server/config.ts';
import { createBackup } from '../server/backup/create-backup.ts';
import { SkopiaError } from '../server/errors.ts';

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = parseConfig(process.env);
  const dest = process.argv.slice(2).find((a) => !a.startsWith('-')) ?? config.BACKUP_DIR;
  const result = await createBackup({ dataDir: config.DATA_DIR, destDir: dest, region: config.REGION, telemetryStore: config.TELEMETRY_STORE, now: Date.now() });
  const mb = (result.bytes / 1e6).toFixed(1);
  console.log(`Backup written to ${result.dir}: ${result.manifest.files.length} files, ${mb} MB, checksums in SHA256SUMS.`);
  console.log(`Check it at any time with: npm run restore -- --check ${result.dir}`);
  if (config.TELEMETRY_STORE === 'influx') {
    console.log('Readings are in InfluxDB: back it up too (InfluxDB 1.x: influxd backup -portable <folder>). See docs/operations.md.');
  }
}

main().catch((error: unknown) => {
  console.error(`backup: ${error instanceof SkopiaError ? error.message : String(error)}`);
  process.exit(1);
});
