import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../server/config.ts';

describe('configuration of accounts and hardening', () => {
  it('has safe defaults: proxies trusted on loopback only, no CORS, 12 h sessions, 5 failures', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      TRUST_PROXY: ['loopback'],
      CORS_ORIGINS: [],
      SESSION_TTL_HOURS: 12,
      SESSION_IDLE_MINUTES: 240,
      COOKIE_SECURE: 'auto',
      LOGIN_MAX_FAILURES: 5,
      LOGIN_MAX_FAILURES_PER_IP: 20,
      LOGIN_LOCKOUT_MINUTES: 15,
    });
    expect(c.MOSQUITTO_FILES_DIR).toBeUndefined();
  });

  it.each([
    ['false', false],
    ['true', true],
    ['loopback, 10.0.0.2', ['loopback', '10.0.0.2']],
    ['10.0.0.0/8,fd00::/8', ['10.0.0.0/8', 'fd00::/8']],
  ])('reads TRUST_PROXY=%j', (value, expected) => {
    expect(parseConfig({ TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
  });

  it('reads CORS_ORIGINS as exact origins', () => {
    expect(parseConfig({ CORS_ORIGINS: 'https://gis.example.org, http://10.0.0.7:3000' }).CORS_ORIGINS).toEqual(['https://gis.example.org', 'http://10.0.0.7:3000']);
  });

  it.each([
    [{ TRUST_PROXY: 'everyone' }, /TRUST_PROXY/],
    [{ CORS_ORIGINS: '*' }, /CORS_ORIGINS.*comma-separated origins/],
    [{ CORS_ORIGINS: 'https://gis.example.org/app' }, /CORS_ORIGINS/],
    [{ COOKIE_SECURE: 'never' }, /COOKIE_SECURE/],
    [{ LOGIN_MAX_FAILURES: '1' }, /LOGIN_MAX_FAILURES/],
    [{ SESSION_IDLE_MINUTES: '1' }, /SESSION_IDLE_MINUTES/],
    [{ MOSQUITTO_FILES_DIR: '/etc/mosquitto/skopia' }, /MOSQUITTO_FILES_DIR: needs MQTT_USERNAME and MQTT_PASSWORD/],
  ])('refuses %j', (env, message) => {
    expect(() => parseConfig(env)).toThrow(message);
  });
});
