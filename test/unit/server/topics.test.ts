import { describe, expect, it } from 'vitest';
import { parseNativeTopic, telemetryTopic } from '../../../server/contracts/topics.ts';

describe('parseNativeTopic', () => {
  it.each([
    ['skopia/gw-1/ws-1/telemetry', { kind: 'telemetry', gatewayId: 'gw-1', sensorId: 'ws-1' }],
    ['skopia/gw-1/status', { kind: 'status', gatewayId: 'gw-1' }],
    ['skopia/gw-1/errors', { kind: 'errors', gatewayId: 'gw-1' }],
    ['skopia/gw-1/ws-1/other', null],
    ['skopia/gw-1/ws 1/telemetry', null],
    ['skopia/gw-1/ws-1/telemetry/extra', null],
    ['other/gw-1/ws-1/telemetry', null],
    ['skopia', null],
    ['skopia//ws-1/telemetry', null],
  ])('%s', (topic, expected) => {
    expect(parseNativeTopic('skopia', topic)).toEqual(expected);
  });

  it('round-trips with telemetryTopic under a multi-level prefix', () => {
    expect(parseNativeTopic('city/skopia', telemetryTopic('city/skopia', 'g', 's'))).toEqual({ kind: 'telemetry', gatewayId: 'g', sensorId: 's' });
  });
});
