import { z } from 'zod';
import { DEFAULT_TOPIC_PREFIX } from './contracts/topics.ts';

/**
 * The whole environment in one schema. Every variable is documented in .env.example; a bad value
 * stops start-up with one message that names every bad variable and what it expects.
 */
const port = z.coerce.number().int().min(1).max(65_535);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const optionalUrl = (protocols: RegExp, what: string) =>
  optionalString.refine((v) => v === undefined || (URL.canParse(v) && protocols.test(new URL(v).protocol)), {
    message: `expected ${what}`,
  });
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const ConfigSchema = z.object({
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  HTTP_PORT: port.default(8080),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  REGION: z.string().regex(/^[a-z0-9-]+$/, 'expected a region folder name such as "polygyros"').default('polygyros'),
  REGIONS_DIR: z.string().min(1).default('data/regions'),
  DATA_DIR: z.string().min(1).default('var'),

  MQTT_URL: optionalUrl(/^(mqtt|mqtts|tcp|tls|ws|wss):$/, 'an MQTT URL such as mqtt://127.0.0.1:1883'),
  MQTT_USERNAME: optionalString,
  MQTT_PASSWORD: optionalString,
  MQTT_CLIENT_ID: z.string().regex(/^[A-Za-z0-9_-]{1,23}$/, 'expected 1-23 letters, digits, "_" or "-"').default('skopia-server'),
  MQTT_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/, 'expected topic levels without wildcards, such as "skopia"')
    .default(DEFAULT_TOPIC_PREFIX),
  MQTT_MAX_PAYLOAD_BYTES: z.coerce.number().int().min(256).max(16 * 1024 * 1024).default(256 * 1024),
  EMBEDDED_MQTT_HOST: z.string().min(1).default('0.0.0.0'),
  EMBEDDED_MQTT_PORT: port.default(1883),

  TELEMETRY_STORE: z.enum(['sqlite', 'influx']).default('sqlite'),
  INFLUX_URL: optionalUrl(/^https?:$/, 'an http(s) URL such as http://127.0.0.1:8086'),
  INFLUX_DATABASE: z.string().min(1).default('skopia'),
  INFLUX_RETENTION_POLICY: z.string().min(1).default('skopia'),
  INFLUX_RETENTION_DURATION: z
    .string()
    .regex(/^(INF|\d+[hdw])$/, 'expected INF or a duration such as 52w, 400d, 720h')
    .default('INF'),
  INFLUX_USERNAME: optionalString,
  INFLUX_PASSWORD: optionalString,
  INFLUX_TOKEN: optionalString,

  BASEMAP_TILE_URL: optionalUrl(/^https?:$/, 'an http(s) tile URL template with {z}/{x}/{y}'),
  BASEMAP_ATTRIBUTION: optionalString,

  SIMULATOR: bool.default(false),
});

export type Config = z.output<typeof ConfigSchema>;

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Pure: environment in, config out (or a ConfigError listing every bad variable). */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const result = ConfigSchema.safeParse(env);
  const problems: string[] = [];
  if (!result.success) {
    for (const issue of result.error.issues) {
      const name = String(issue.path[0] ?? '(environment)');
      problems.push(`${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`);
    }
    throw new ConfigError(problems);
  }
  const config = result.data;
  if (config.TELEMETRY_STORE === 'influx' && config.INFLUX_URL === undefined) {
    problems.push('INFLUX_URL="": required when TELEMETRY_STORE=influx, such as http://127.0.0.1:8086');
  }
  if (config.INFLUX_TOKEN !== undefined && config.INFLUX_USERNAME !== undefined) {
    problems.push('INFLUX_TOKEN and INFLUX_USERNAME: set one way to authenticate, not both');
  }
  if ((config.MQTT_USERNAME === undefined) !== (config.MQTT_PASSWORD === undefined)) {
    problems.push('MQTT_USERNAME and MQTT_PASSWORD: set both or neither');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
