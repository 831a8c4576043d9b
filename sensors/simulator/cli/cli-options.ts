import { parseArgs } from 'node:util';
import { SimulatorError } from '../simulator-error.ts';
import { parseDurationMs } from '../time/relative-time.ts';
import type { QoS } from '../publisher/mqtt-sink.ts';

export const CLI_OPTIONS = {
  broker: { type: 'string' },
  speed: { type: 'string' },
  seed: { type: 'string' },
  start: { type: 'string' },
  duration: { type: 'string' },
  interval: { type: 'string' },
  region: { type: 'string' },
  prefix: { type: 'string' },
  qos: { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  timestamps: { type: 'string' },
  'ttn-tenant': { type: 'string' },
  'dry-run': { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  sensors: { type: 'string' },
  rate: { type: 'string' },
  count: { type: 'string' },
  processes: { type: 'string' },
  gateway: { type: 'string' },
  'sensor-prefix': { type: 'string' },
  inflight: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export type CliValues = ReturnType<typeof parseCli>['values'];

export function parseCli(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: CLI_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new SimulatorError('bad_option', `${(error as Error).message} (npm run simulate -- --help)`);
  }
}

export function numberOption(name: string, text: string | undefined, { min, integer = false }: { min: number; integer?: boolean }): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new SimulatorError('bad_option', `--${name} ${text}: expected ${integer ? 'a whole number' : 'a number'} of at least ${min}`);
  }
  return value;
}

export function speedOption(text: string | undefined): number | undefined {
  if (text === 'max') return Infinity;
  const speed = numberOption('speed', text, { min: 0.001 });
  return speed;
}

export function qosOption(text: string | undefined): QoS | undefined {
  if (text === undefined) return undefined;
  if (text === '0' || text === '1' || text === '2') return Number(text) as QoS;
  throw new SimulatorError('bad_option', `--qos ${text}: expected 0, 1 or 2`);
}

export function startOption(text: string | undefined): number | 'now' | undefined {
  if (text === undefined || text === 'now') return text;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new SimulatorError('bad_option', `--start ${text}: expected "now" or an RFC 3339 time such as 2024-09-16T00:00:00+02:00`);
  return ms;
}

/** "0" means until stopped. */
export function durationOption(text: string | undefined): number | null | undefined {
  if (text === undefined) return undefined;
  if (text === '0') return null;
  const ms = parseDurationMs(text);
  if (ms === null || ms <= 0) throw new SimulatorError('bad_option', `--duration ${text}: expected a duration such as 90m, 6h or 1d12h, or 0 for until stopped`);
  return ms;
}

export function timestampsOption(text: string | undefined): 'auto' | 'simulated' | 'wall' | undefined {
  if (text === undefined || text === 'auto' || text === 'simulated' || text === 'wall') return text;
  throw new SimulatorError('bad_option', `--timestamps ${text}: expected auto, simulated or wall`);
}
