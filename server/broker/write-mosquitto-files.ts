import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SensorRegistry } from '../registry/sensor-registry.ts';
import type { GatewayCredentials } from './gateway-credentials.ts';
import { mosquittoAclFile, mosquittoPasswordFile } from './mosquitto-files.ts';
import { hashGatewayPassword } from './password-hash.ts';

export interface MosquittoFilesInput {
  readonly dir: string;
  readonly registry: SensorRegistry;
  readonly credentials: GatewayCredentials;
  readonly prefix: string;
  /** The server's own account on Mosquitto (MQTT_USERNAME / MQTT_PASSWORD). */
  readonly serverUsername: string;
  readonly serverPassword: string;
}

/** Writes `passwd` and `acl` for Mosquitto atomically (mode 0600); reload Mosquitto afterwards. */
export function writeMosquittoFiles(input: MosquittoFilesInput): { passwordFile: string; aclFile: string } {
  mkdirSync(input.dir, { recursive: true });
  const known = new Set([...input.registry.gateways()].map((g) => g.id));
  const entries = [
    { username: input.serverUsername, passwordHash: hashGatewayPassword(input.serverPassword) },
    ...input.credentials
      .activeHashes()
      .filter((c) => known.has(c.gatewayId))
      .map((c) => ({ username: c.gatewayId, passwordHash: c.passwordHash })),
  ];
  const passwordFile = join(input.dir, 'passwd');
  const aclFile = join(input.dir, 'acl');
  const write = (path: string, text: string): void => {
    writeFileSync(`${path}.tmp`, text, { mode: 0o600 });
    chmodSync(`${path}.tmp`, 0o600);
    renameSync(`${path}.tmp`, path);
  };
  write(passwordFile, mosquittoPasswordFile(entries));
  write(aclFile, mosquittoAclFile([...input.registry.gateways()], input.prefix, input.serverUsername));
  return { passwordFile, aclFile };
}
