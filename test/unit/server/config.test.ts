import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../server/config.ts';

describe('parseConfig', () => {
  it('gives working defaults for an empty environment: embedded broker and SQLite', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ HTTP_PORT: 8080, EMBEDDED_MQTT_PORT: 1883, TELEMETRY_STORE: 'sqlite', MQTT_TOPIC_PREFIX: 'skopia' });
    expect(c.MQTT_URL).toBeUndefined();
  });

  it('treats an empty MQTT_URL as unset (embedded broker)', () => {
    expect(parseConfig({ MQTT_URL: '  ' }).MQTT_URL).toBeUndefined();
  });

  it('names every bad variable in one message, with what it expects', () => {
    let error: unknown;
    try {
      parseConfig({ HTTP_PORT: 'eighty', MQTT_URL: 'http://x', LOG_LEVEL: 'loud', TELEMETRY_STORE: 'mongo' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/HTTP_PORT="eighty"/);
    expect(problems.join('\n')).toMatch(/MQTT_URL="http:\/\/x": expected an MQTT URL/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL="loud"/);
    expect(problems.join('\n')).toMatch(/TELEMETRY_STORE="mongo"/);
    expect((error as Error).message).toMatch(/\.env\.example/);
  });

  it.each([
    [{ TELEMETRY_STORE: 'influx' }, /INFLUX_URL.*required when TELEMETRY_STORE=influx/],
    [{ MQTT_USERNAME: 'server' }, /MQTT_USERNAME and MQTT_PASSWORD: set both or neither/],
    [{ INFLUX_TOKEN: 't', INFLUX_USERNAME: 'u', INFLUX_URL: 'http://127.0.0.1:8086' }, /one way to authenticate/],
    [{ HTTP_PORT: '70000' }, /HTTP_PORT="70000"/],
    [{ MQTT_TOPIC_PREFIX: 'skopia/#' }, /MQTT_TOPIC_PREFIX.*without wildcards/],
    [{ INFLUX_RETENTION_DURATION: 'forever' }, /INFLUX_RETENTION_DURATION/],
  ])('rejects %j', (env, message) => {
    expect(() => parseConfig(env)).toThrow(message);
  });
});
