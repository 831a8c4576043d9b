import { listScenarios } from './scenario/scenario-loader.ts';
import { startSimulator, type SimulatorHandle, type SimulatorStats } from './runtime/simulator.ts';
import { runLoad } from './load/run-load.ts';
import { DryRunSink } from './publisher/dry-run-sink.ts';
import { SimulatorError } from './simulator-error.ts';
import { RateMeter, progressLine } from './cli/progress-line.ts';
import { USAGE } from './cli/usage.ts';
import {
  durationOption,
  numberOption,
  parseCli,
  qosOption,
  speedOption,
  startOption,
  timestampsOption,
  type CliValues,
} from './cli/cli-options.ts';
import { DEFAULT_TOPIC_PREFIX } from '../../server/contracts/topics.ts';

/** `npm run simulate -- <scenario> [options]`, `list`, or `load ...`; see cli/usage.ts. */
async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCli(argv);
  const [command, ...rest] = positionals;
  if (values.help === true || command === undefined || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined && values.help !== true ? 1 : 0;
  }
  if (rest.length > 0) throw new SimulatorError('bad_option', `unexpected argument "${rest[0]}" (one scenario at a time)`);
  if (command === 'list') {
    for (const s of await listScenarios()) process.stdout.write(`${s.name.padEnd(18)} ${s.title}\n`);
    return 0;
  }
  if (command === 'load') return load(values);
  return simulate(command, values);
}

async function simulate(scenario: string, values: CliValues): Promise<number> {
  const prefix = values.prefix ?? DEFAULT_TOPIC_PREFIX;
  const dryRun = values['dry-run'] === true;
  const speed = speedOption(values.speed);
  const seed = numberOption('seed', values.seed, { min: 0, integer: true });
  const start = startOption(values.start);
  const durationMs = durationOption(values.duration);
  const intervalS = numberOption('interval', values.interval, { min: 0.5 });
  const qos = qosOption(values.qos);
  const timestamps = timestampsOption(values.timestamps);
  const handle = await startSimulator({
    scenario,
    ...(values.broker !== undefined ? { brokerUrl: values.broker } : {}),
    ...(values.region !== undefined ? { region: values.region } : {}),
    ...(speed !== undefined ? { speed } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(start !== undefined ? { start } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
    ...(intervalS !== undefined ? { intervalS } : {}),
    ...(qos !== undefined ? { qos } : {}),
    ...(timestamps !== undefined ? { timestamps } : {}),
    ...(values['ttn-tenant'] !== undefined ? { ttnTenant: values['ttn-tenant'] } : {}),
    prefix,
    credentials: {
      ...(values.username !== undefined ? { username: values.username } : {}),
      ...(values.password !== undefined ? { password: values.password } : {}),
    },
    ...(dryRun ? { sink: new DryRunSink(prefix, (line) => process.stdout.write(`${JSON.stringify(line)}\n`)) } : {}),
  });
  const world = handle.world;
  const speedText = world.speed === Infinity ? 'as fast as possible' : `${world.speed}× real time`;
  process.stderr.write(
    `${world.scenario.name}: ${world.sensors.length} sensors, ${world.gateways.length} gateways (region ${world.region.info.id}), ${speedText}, seed ${world.seed}, timestamps ${handle.timestamps}${dryRun ? ', dry run' : ''}\n`,
  );

  const stopOnSignal = (): void => {
    process.stderr.write('\nstopping: disconnecting gateways…\n');
    process.once('SIGINT', () => process.exit(130));
    void handle.stop();
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);

  const stopProgress = values.quiet === true ? () => undefined : showProgress(handle, world.region.info.timezone);
  const stats = await handle.done;
  stopProgress();
  process.stderr.write(`${summary(stats)}\n`);
  return stats.messages.failed > 0 ? 1 : 0;
}

function showProgress(handle: SimulatorHandle, timeZone: string): () => void {
  const meter = new RateMeter();
  const tty = process.stderr.isTTY;
  let lastPrinted = 0;
  const tick = (): void => {
    const stats = handle.stats();
    const line = progressLine(stats, timeZone, meter.sample(stats.messages.sent));
    if (tty) process.stderr.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns || 120) - 1)}`);
    else if (Date.now() - lastPrinted >= 10_000) {
      process.stderr.write(`${line}\n`);
      lastPrinted = Date.now();
    }
  };
  const timer = setInterval(tick, 500);
  return () => {
    clearInterval(timer);
    tick();
    if (tty) process.stderr.write('\n');
  };
}

function summary(stats: SimulatorStats): string {
  const m = stats.messages;
  const how = stats.finished ? 'finished' : 'stopped';
  const lost = stats.lost > 0 ? `, ${stats.lost} readings lost in the (simulated) network` : '';
  return `${stats.scenario} ${how} after ${(stats.wallElapsedMs / 1000).toFixed(1)} s: ${stats.readings} readings, ${m.sent} messages sent, ${m.acknowledged} acknowledged, ${m.failed} failed${lost}`;
}

async function load(values: CliValues): Promise<number> {
  const sensors = numberOption('sensors', values.sensors ?? '100', { min: 1, integer: true }) ?? 100;
  const ratePerSec = numberOption('rate', values.rate ?? '1000', { min: 0 }) ?? 1000;
  const count = numberOption('count', values.count ?? '10000', { min: 1, integer: true }) ?? 10_000;
  const processes = numberOption('processes', values.processes, { min: 1, integer: true });
  const maxInFlight = numberOption('inflight', values.inflight, { min: 1, integer: true });
  const qos = qosOption(values.qos);
  const result = await runLoad({
    sensors,
    ratePerSec,
    count,
    ...(processes !== undefined ? { processes } : {}),
    ...(maxInFlight !== undefined ? { maxInFlight } : {}),
    ...(qos !== undefined ? { qos } : {}),
    ...(values.broker !== undefined ? { brokerUrl: values.broker } : {}),
    ...(values.prefix !== undefined ? { prefix: values.prefix } : {}),
    ...(values.gateway !== undefined ? { gatewayId: values.gateway } : {}),
    ...(values['sensor-prefix'] !== undefined ? { sensorIdPrefix: values['sensor-prefix'] } : {}),
    ...(values.region !== undefined ? { region: values.region } : {}),
    credentials: {
      ...(values.username !== undefined ? { username: values.username } : {}),
      ...(values.password !== undefined ? { password: values.password } : {}),
    },
  });
  if (values.json === true) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    const l = result.ackLatencyMs;
    process.stdout.write(
      `published ${result.published}, acknowledged ${result.acknowledged}, failed ${result.failed} ` +
        `(${result.sensors} sensors, ${result.processes} process${result.processes > 1 ? 'es' : ''}) in ${(result.elapsedMs / 1000).toFixed(2)} s: ` +
        `${result.ratePerSec.toFixed(0)} acknowledged/s; ack latency p50 ${l.p50?.toFixed(1) ?? '-'} ms, p99 ${l.p99?.toFixed(1) ?? '-'} ms\n`,
    );
  }
  return result.acknowledged === count ? 0 : 1;
}

// `simulate ... --dry-run | head` closes the pipe early: that is the reader being done, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof SimulatorError) process.stderr.write(`simulator: ${error.message}\n`);
    else process.stderr.write(`simulator: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
