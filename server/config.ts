import { z } from 'zod';
import { DEFAULT_TOPIC_PREFIX } from './contracts/topics.ts';
import { DEFAULT_ESCALATION_MINUTES, EscalationMinutesSchema, RecipientsSchema } from './alerts/alert-config.ts';

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
const origins = optionalString
  .refine((v) => v === undefined || v.split(',').every((o) => /^https?:\/\/[^/\s]+$/.test(o.trim()) && URL.canParse(o.trim())), {
    message: 'expected comma-separated origins such as https://gis.example.org (scheme, host, optional port; no path)',
  })
  .transform((v) => (v === undefined ? [] : v.split(',').map((o) => new URL(o.trim()).origin)));
const PROXY_PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);
const proxyAddress = (entry: string): boolean => {
  const [address = '', bits, ...rest] = entry.split('/');
  return rest.length === 0 && (bits === undefined || /^\d{1,3}$/.test(bits)) && /^[0-9a-fA-F:.]+$/.test(address) && (address.includes('.') || address.includes(':'));
};
const trustProxy = z
  .string()
  .trim()
  .refine((v) => v === 'true' || v === 'false' || v.split(',').every((e) => PROXY_PRESETS.has(e.trim()) || proxyAddress(e.trim())), {
    message: 'expected false, true, or comma-separated proxy addresses/CIDRs or loopback, linklocal, uniquelocal',
  })
  .transform((v): boolean | string[] => (v === 'true' ? true : v === 'false' ? false : v.split(',').map((e) => e.trim())));

export const ConfigSchema = z.object({
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  HTTP_PORT: port.default(8080),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: trustProxy.default(['loopback']),
  CORS_ORIGINS: origins,

  SESSION_TTL_HOURS: z.coerce.number().min(1).max(168).default(12),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(10_080).default(240),
  COOKIE_SECURE: z.enum(['auto', 'always']).default('auto'),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(3).max(100).default(5),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(3).max(10_000).default(20),
  LOGIN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),

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
  MOSQUITTO_FILES_DIR: optionalString,

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

  PUBLIC_URL: optionalUrl(/^https?:$/, "the http(s) address contractors' phones reach Skopia at, such as https://skopia.polygyros.gr").transform((v) =>
    v?.replace(/\/+$/, ''),
  ),
  OPERATIONS_PHONE: optionalString.refine((v) => v === undefined || /^\+[1-9]\d{6,14}$/.test(v.replace(/[\s().-]/g, '')), {
    message: 'expected an international phone number such as +302371351000',
  }),
  COVERAGE_RADIUS_KM: z.coerce.number().positive().max(500).default(15),
  DISPATCH_ROAD_FACTOR: z.coerce.number().min(1).max(5).default(1.4),
  DISPATCH_SPEED_KMH: z.coerce.number().positive().max(200).default(40),
  CONTRACTOR_LINK_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(48),
  SMS_GATEWAY: z.enum(['log', 'http']).default('log'),
  SMS_GATEWAY_URL: optionalUrl(/^https?:$/, 'an http(s) URL such as https://sms.example.com/api/send'),
  SMS_GATEWAY_TOKEN: optionalString,
  SMS_SENDER: optionalString,
  SMTP_URL: optionalUrl(/^smtps?:$/, 'an SMTP URL such as smtps://user:password@mail.example.gr:465 or smtp://mail.example.gr:587'),
  SMTP_FROM: optionalString,

  RULES_DIR: z.string().min(1).default('rules/sets'),
  RULES_POLL_SECONDS: z.coerce.number().min(0.1).max(3600).default(30),
  RULE_STATE_SAVE_SECONDS: z.coerce.number().min(1).max(3600).default(60),
  ALERT_ESCALATION_MINUTES: EscalationMinutesSchema.default(EscalationMinutesSchema.parse(DEFAULT_ESCALATION_MINUTES)),
  ALERT_NOTIFY_LEVEL_0: RecipientsSchema,
  ALERT_NOTIFY_LEVEL_1: RecipientsSchema,
  ALERT_NOTIFY_LEVEL_2: RecipientsSchema,
  NOTIFY_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  NOTIFY_RETRY_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  NOTIFY_RETRY_BASE_MS: z.coerce.number().int().min(1).max(600_000).default(2000),
  CAP_SENDER: optionalString.refine((v) => v === undefined || /^[^\s,<&]+$/.test(v), { message: 'expected no spaces, commas, < or &, such as civil-protection@polygyros.gr' }),
  CAP_STATUS: z.enum(['Actual', 'Exercise', 'Test']).optional().or(z.literal('').transform(() => undefined)),

  /** Anyone who can reach the server may see the map read-only, without a kiosk link. */
  ANONYMOUS_VIEWER: bool.default(false),

  /** Self-check: a test reading through broker, ingest, store and live hub every this many seconds; 0 turns it off. */
  CANARY_INTERVAL_S: z.coerce
    .number()
    .min(0)
    .max(3600)
    .refine((v) => v === 0 || v >= 0.1, { message: 'expected 0 (off) or seconds from 0.1 to 3600, such as 60' })
    .default(60),
  CANARY_SLOW_MS: z.coerce.number().int().min(10).max(600_000).default(5000),
  BACKUP_DIR: z.string().min(1).default('var/backups'),

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
  if (config.MOSQUITTO_FILES_DIR !== undefined && config.MQTT_USERNAME === undefined) {
    problems.push("MOSQUITTO_FILES_DIR: needs MQTT_USERNAME and MQTT_PASSWORD, the server's own account in the generated password file");
  }
  if (config.SMS_GATEWAY === 'http' && config.SMS_GATEWAY_URL === undefined) {
    problems.push('SMS_GATEWAY_URL="": required when SMS_GATEWAY=http, such as https://sms.example.com/api/send');
  }
  if (config.SMTP_URL !== undefined && config.SMTP_FROM === undefined) {
    problems.push('SMTP_FROM="": required when SMTP_URL is set, such as "Skopia <skopia@polygyros.gr>"');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
