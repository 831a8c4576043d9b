import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { parseConfig, type Config } from '../../server/config.ts';
import { buildApp } from '../../server/app.ts';
import { freePort } from './free-port.ts';

export interface TestServer {
  readonly app: FastifyInstance;
  readonly config: Config;
  readonly httpUrl: string;
  readonly wsUrl: string;
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
  return {
    app,
    config,
    httpUrl: `http://127.0.0.1:${config.HTTP_PORT}`,
    wsUrl: `ws://127.0.0.1:${config.HTTP_PORT}/ws`,
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
