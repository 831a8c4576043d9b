import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { randomBytes } from 'node:crypto';
import type { Role } from '../../server/http/access.ts';
import type { User } from '../../server/accounts/users.ts';
import { csrfTokenFor } from '../../server/accounts/secret-token.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '../../server/contracts/accounts.ts';
import { parseConfig, type Config } from '../../server/config.ts';
import { buildApp } from '../../server/app.ts';
import { freePort } from './free-port.ts';

/** Headers of a signed-in browser: the session cookie and the CSRF token (for inject or fetch). */
export interface SessionHeaders {
  readonly cookie: string;
  readonly 'x-csrf-token': string;
}

export interface TestServer {
  readonly app: FastifyInstance;
  readonly config: Config;
  readonly httpUrl: string;
  /** The live stream, authenticated with `kiosk` (as a wall screen opens it). */
  readonly wsUrl: string;
  /** The live stream with no credential (refused with 401). */
  readonly anonymousWsUrl: string;
  /** A kiosk token made at start: `?kiosk=<it>` or `authorization: Kiosk <it>`. */
  readonly kiosk: string;
  /** The dashboard as a wall screen opens it: `${httpUrl}/?kiosk=<kiosk>` (append `#sensor=...` as needed). */
  readonly dashboardUrl: string;
  /** A session for a user of this role (created once per role); each call is a fresh session. */
  login(role: Role): Promise<SessionHeaders & { readonly user: User }>;
  /** A new kiosk token's secret. */
  kioskToken(name?: string): string;
  /** A new API token's secret, for `authorization: Bearer <it>`. */
  apiToken(role: Role, name?: string): string;
  /** The broker the server uses: embedded unless MQTT_URL was given. */
  readonly mqttUrl: string;
  readonly dataDir: string;
  /** Issues a credential for the gateway and connects as it, as a real gateway would. */
  connectGateway(gatewayId: string, options?: IClientOptions): Promise<MqttClient>;
  close(): Promise<void>;
}

/**
 * The real server on free loopback ports with a temporary data directory. `env` overrides config
 * variables (MQTT_URL for an external broker, TELEMETRY_STORE=influx, ...).
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'skopia-test-'));
  const config = parseConfig({
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(await freePort()),
    EMBEDDED_MQTT_HOST: '127.0.0.1',
    EMBEDDED_MQTT_PORT: String(await freePort()),
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    ...env,
  });
  const app = await buildApp(config);
  await app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
  const { accounts } = app.skopia;
  const kioskToken = (name = 'test wall screen'): string =>
    accounts.tokens.create({ kind: 'kiosk', name, role: 'viewer', createdBy: 'test' }).secret;
  const kiosk = kioskToken();
  const users = new Map<Role, Promise<User>>();
  const userFor = (role: Role): Promise<User> => {
    let user = users.get(role);
    if (!user) {
      const username = `test-${role}`;
      const existing = accounts.users.byUsername(username)?.user;
      user = existing ? Promise.resolve(existing) : accounts.users.create({ username, displayName: `Test ${role}`, role, password: randomBytes(18).toString('base64') });
      users.set(role, user);
    }
    return user;
  };
  const httpUrl = `http://127.0.0.1:${config.HTTP_PORT}`;
  return {
    app,
    config,
    httpUrl,
    wsUrl: `ws://127.0.0.1:${config.HTTP_PORT}/ws?kiosk=${kiosk}`,
    anonymousWsUrl: `ws://127.0.0.1:${config.HTTP_PORT}/ws`,
    kiosk,
    dashboardUrl: `${httpUrl}/?kiosk=${kiosk}`,
    async login(role) {
      const user = await userFor(role);
      const { secret } = accounts.sessions.create(user.id, { ip: '127.0.0.1', userAgent: 'test' });
      return { user, cookie: `${SESSION_COOKIE}=${secret}`, [CSRF_HEADER]: csrfTokenFor(secret) };
    },
    kioskToken,
    apiToken(role, name = `test ${role} integration`) {
      return accounts.tokens.create({ kind: 'api', name, role, createdBy: 'test' }).secret;
    },
    mqttUrl: app.skopia.mqttUrl,
    dataDir,
    async connectGateway(gatewayId, options = {}) {
      const { password } = app.skopia.gatewayCredentials.issue(gatewayId);
      return mqtt.connectAsync(app.skopia.mqttUrl, {
        clientId: `test-${gatewayId}-${Math.random().toString(36).slice(2, 8)}`,
        protocolVersion: 4,
        username: gatewayId,
        password,
        reconnectPeriod: 0,
        ...options,
      });
    },
    async close() {
      await app.close();
      if (!env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
