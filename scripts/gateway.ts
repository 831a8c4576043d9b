/**
 * Gateway MQTT credentials, from the command line (admins can also use the API).
 *   npm run gateway -- list
 *   npm run gateway -- issue <gatewayId>      create or rotate; prints the password once
 *   npm run gateway -- revoke <gatewayId>
 *   npm run gateway -- mosquitto <dir>        write passwd + acl for Mosquitto (needs MQTT_USERNAME/MQTT_PASSWORD)
 */
import { join } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { parseConfig } from '../server/config.ts';
import { openStateStore } from '../server/store/state-store.ts';
import { AuditLog } from '../server/store/audit-log.ts';
import { GatewayCredentials } from '../server/broker/gateway-credentials.ts';
import { writeMosquittoFiles } from '../server/broker/write-mosquitto-files.ts';
import { loadRegionFiles } from '../server/registry/region-files.ts';
import { SensorRegistry } from '../server/registry/sensor-registry.ts';

function fail(message: string): never {
  console.error(`gateway: ${message}`);
  process.exit(2);
}

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = parseConfig(process.env);
  const [command, arg] = process.argv.slice(2);
  const files = await loadRegionFiles(config.REGIONS_DIR, config.REGION);
  const registry = new SensorRegistry(files.gateways, files.sensors);
  const db = openStateStore(join(config.DATA_DIR, 'state.sqlite'));
  const credentials = new GatewayCredentials(db);
  const audit = new AuditLog(db);
  const actor = `cli:${process.env.USER ?? 'unknown'}`;
  try {
    switch (command) {
      case 'list': {
        const byId = new Map(credentials.list().map((c) => [c.gatewayId, c]));
        for (const g of registry.gateways()) {
          const c = byId.get(g.id);
          const state = !c ? 'no credential' : c.revokedAt !== null ? `revoked ${new Date(c.revokedAt).toISOString()}` : `active since ${new Date(c.rotatedAt ?? c.createdAt).toISOString()}`;
          console.log(`${g.id.padEnd(24)} ${g.format.padEnd(11)} ${state}`);
        }
        return;
      }
      case 'issue': {
        if (!arg || !registry.gateway(arg)) fail(`no gateway "${arg ?? ''}" in region ${config.REGION}; see: npm run gateway -- list`);
        const { password, rotated } = credentials.issue(arg);
        audit.record({ actor, action: rotated ? 'gateway.credential.rotate' : 'gateway.credential.create', subjectType: 'gateway', subjectId: arg });
        console.log(`Gateway ${arg}: MQTT username "${arg}", password (shown once, store it in the gateway now):\n${password}`);
        return;
      }
      case 'revoke': {
        if (!arg) fail('name the gateway: npm run gateway -- revoke <gatewayId>');
        if (!credentials.revoke(arg)) fail(`gateway "${arg}" has no active credential`);
        audit.record({ actor, action: 'gateway.credential.revoke', subjectType: 'gateway', subjectId: arg });
        console.log(`Gateway ${arg}: credential revoked. Regenerate Mosquitto's files if you use Mosquitto.`);
        return;
      }
      case 'mosquitto': {
        if (!arg) fail('name a directory: npm run gateway -- mosquitto /etc/mosquitto/skopia');
        if (!config.MQTT_USERNAME || !config.MQTT_PASSWORD) fail('set MQTT_USERNAME and MQTT_PASSWORD: the server account goes into the password file too');
        const out = writeMosquittoFiles({ dir: arg, registry, credentials, prefix: config.MQTT_TOPIC_PREFIX, serverUsername: config.MQTT_USERNAME, serverPassword: config.MQTT_PASSWORD });
        console.log(`Wrote ${out.passwordFile} and ${out.aclFile}.\nIn mosquitto.conf: password_file ${out.passwordFile}\n                   acl_file ${out.aclFile}\n                   allow_anonymous false\nThen reload Mosquitto: systemctl reload mosquitto (or kill -HUP its pid).`);
        return;
      }
      default:
        fail('usage: npm run gateway -- list | issue <gatewayId> | revoke <gatewayId> | mosquitto <dir>');
    }
  } finally {
    db.close();
  }
}

main().catch((error: unknown) => fail((error as Error).message));
