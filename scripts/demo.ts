/**
 * `npm run demo`: builds the dashboard when needed, starts the server with its embedded broker and
 * SQLite stores, and runs the simulator beside it. Ctrl-C stops everything cleanly.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { config as loadDotenv } from 'dotenv';
import { ConfigError, parseConfig } from '../server/config.ts';
import { buildApp } from '../server/app.ts';
import { explainListenError, SkopiaError } from '../server/errors.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the dashboard when dist is missing or older than its sources (after a git pull). */
function ensureDashboardBuilt(): void {
  const index = join(ROOT, 'dashboard', 'dist', 'index.html');
  const sources = [join(ROOT, 'dashboard', 'src'), join(ROOT, 'server', 'contracts')];
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  console.log('demo: building the dashboard (first run only, about half a minute)...');
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'dashboard/vite.config.ts', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new SkopiaError('build_failed', 'building the dashboard failed; see the messages above');
}

async function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  // The demo's map opens at http://localhost:8080 without a kiosk link; changes still need an account.
  const env: Record<string, string | undefined> = { ANONYMOUS_VIEWER: 'true', ...process.env, SIMULATOR: 'true' };
  let config = parseConfig(env);
  ensureDashboardBuilt();

  // The demo must start where something (often a system Mosquitto) already holds 1883.
  if (!config.MQTT_URL && process.env.EMBEDDED_MQTT_PORT === undefined && !(await portIsFree(config.EMBEDDED_MQTT_PORT, config.EMBEDDED_MQTT_HOST))) {
    console.log(`demo: port ${config.EMBEDDED_MQTT_PORT} is taken (another MQTT broker?); the embedded broker picks a free port instead.`);
    config = parseConfig({ ...env, EMBEDDED_MQTT_PORT: String(await freePortOn(config.EMBEDDED_MQTT_HOST)) });
  }

  const app = await buildApp(config);
  try {
    await app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
  } catch (error) {
    await app.close();
    throw explainListenError(error, 'the web server', 'HTTP_PORT', config.HTTP_PORT);
  }
  const { mqttUrl, broker, registry, gatewayCredentials } = app.skopia;

  // The simulator connects as each gateway would, with a credential issued for this run; on an
  // external broker these must already be in its password file, so the demo leaves them alone.
  const simulatorEnv: Record<string, string> = {};
  let handPublish: { gatewayId: string; password: string } | null = null;
  if (broker) {
    for (const gateway of registry.gateways()) {
      const { password } = gatewayCredentials.issue(gateway.id);
      const key = gateway.id.toUpperCase().replace(/[^A-Z0-9]/g, '_');
      simulatorEnv[`SKOPIA_GATEWAY_${key}_USERNAME`] = gateway.id;
      simulatorEnv[`SKOPIA_GATEWAY_${key}_PASSWORD`] = password;
      if (gateway.format === 'native' && handPublish === null) handPublish = { gatewayId: gateway.id, password };
    }
  }
  const simulator: ChildProcess = spawn(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(ROOT, 'sensors', 'simulator', 'cli.ts'),
      'live',
      '--broker', mqttUrl,
      '--region', config.REGION,
      '--prefix', config.MQTT_TOPIC_PREFIX,
      '--quiet',
    ],
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...simulatorEnv } },
  );
  const sensor = handPublish ? registry.sensorsOfGateway(handPublish.gatewayId)[0] : undefined;

  // An officer account for trying the console, on a fresh demo only: its password is random and
  // shown once here (there is no default password anywhere).
  let officer: { username: string; password: string } | null = null;
  if (app.skopia.accounts.users.count() === 0) {
    const password = randomBytes(12).toString('base64url');
    await app.skopia.accounts.users.create({ username: 'demo-admin', displayName: 'Demo administrator', role: 'admin', password });
    officer = { username: 'demo-admin', password };
  }

  console.log(
    [
      '',
      `  Skopia demo is running: open http://localhost:${config.HTTP_PORT} for the live map (the wall screen)`,
      `  and http://localhost:${config.HTTP_PORT}/?signin for the officer's console.`,
      `  MQTT broker: ${broker ? `embedded, port ${broker.port}` : mqttUrl} (publish as a gateway there)`,
      `  Region: ${config.REGION}; the simulator publishes for every demo sensor. Ctrl-C stops everything.`,
      ...(officer ? ['', `  Sign in to the console as ${officer.username} with password ${officer.password} (shown once; create more with npm run user:add).`] : []),
      ...(handPublish && sensor && broker
        ? [
            '',
            '  Publish a reading by hand, as a gateway would (credential valid for this run):',
            `    mosquitto_pub -h localhost -p ${broker.port} -u ${handPublish.gatewayId} -P '${handPublish.password}' \\`,
            `      -t '${config.MQTT_TOPIC_PREFIX}/${handPublish.gatewayId}/${sensor.id}/telemetry' -q 1 \\`,
            `      -m '{"metrics":{"air_temperature_c":41.5,"relative_humidity_pct":12}}'`,
          ]
        : []),
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`\ndemo: ${signal}: stopping the simulator and the server...`);
    const simulatorExited = simulator.exitCode !== null ? Promise.resolve() : new Promise<void>((r) => simulator.once('exit', () => r()));
    simulator.kill('SIGTERM');
    await simulatorExited;
    await app.close();
    console.log('demo: stopped cleanly.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  simulator.once('exit', (code, signal) => {
    if (!stopping) app.log.error({ code, signal }, 'the simulator stopped unexpectedly; the server keeps running');
  });
}

async function freePortOn(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof SkopiaError) console.error(`demo: ${error.message}`);
  else console.error('demo: failed to start:', error);
  process.exit(1);
});
