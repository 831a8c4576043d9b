import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listScenarios, loadScenario, validateScenario } from '../../../sensors/simulator/scenario/scenario-loader.ts';
import { parseRegionNetwork } from '../../../sensors/simulator/region/region-reader.ts';
import { SimulatorError } from '../../../sensors/simulator/simulator-error.ts';
import { chirpstackGateway, nativeGateway, sensor, testRegion } from './fixtures.ts';

const region = testRegion(
  [
    sensor({ id: 'ws-a', kind: 'weather_station' }),
    sensor({ id: 'wl-up', kind: 'water_level_gauge', levels: { warningLevelCm: 100, alarmLevelCm: 150 } }),
    sensor({ id: 'wl-down', kind: 'water_level_gauge', levels: { warningLevelCm: 100, alarmLevelCm: 150 } }),
    sensor({ id: 'wl-lora', kind: 'water_level_gauge', gatewayId: chirpstackGateway.id, lorawan: { devEui: '70B3D57ED0051009', fieldMap: { level_cm: 'water_level_cm' } } }),
  ],
  [nativeGateway, chirpstackGateway],
);

const base = { name: 'custom', title: 'Custom', description: 'A test scenario.', region: 'polygyros', start: '2024-05-14T00:00:00+03:00', duration: '6h' };

function problemsOf(json: unknown): string {
  try {
    validateScenario(json, 'data/scenarios/custom.json', region);
  } catch (error) {
    expect(error).toBeInstanceOf(SimulatorError);
    return (error as Error).message;
  }
  throw new Error('expected the scenario to be rejected');
}

describe('scenario validation', () => {
  it('accepts a minimal scenario and fills in the defaults', () => {
    const scenario = validateScenario(base, 'custom.json', region);
    expect(scenario.speed).toBe(1);
    expect(scenario.seed).toBe(1);
    expect(scenario.events).toEqual([]);
    expect(scenario.timestamps).toBe('auto');
  });

  it('names the file, the path and the reason for a bad time', () => {
    const message = problemsOf({ ...base, events: [{ type: 'storm', at: 'tomorrow', duration: '2h', peakRainMmH: 30 }] });
    expect(message).toContain('data/scenarios/custom.json: events[0].at:');
    expect(message).toContain('"+2h30m"');
  });

  it('names an unknown event type, a missing field and a bad duration', () => {
    expect(problemsOf({ ...base, events: [{ type: 'earthquake', at: '+1h' }] })).toContain('events[0].type');
    expect(problemsOf({ ...base, events: [{ type: 'fire', at: '+1h', lat: 40.4 }] })).toContain('events[0].lon');
    expect(problemsOf({ ...base, duration: 'forever' })).toContain('custom.json: duration: a duration such as');
    expect(problemsOf({ ...base, speed: -3 })).toContain('speed');
    expect(problemsOf({ ...base, surprise: 1 })).toContain('surprise');
  });

  it('checks ids against the region', () => {
    expect(problemsOf({ ...base, events: [{ type: 'dropout', sensorIds: ['ws-a', 'fs-99'], from: '+1h', to: '+2h' }] })).toContain(
      'events[0].sensorIds[1]: no sensor "fs-99" in region "polygyros"',
    );
    expect(problemsOf({ ...base, events: [{ type: 'river-flood-wave', sensorId: 'ws-a', peakAt: '+3h', peakFlowM3s: 900, rise: '2h', fall: '3h' }] })).toContain(
      'events[0].sensorId: "ws-a" is a weather_station, not a water_level_gauge',
    );
    expect(problemsOf({ ...base, events: [{ type: 'gateway-outage', gatewayId: 'gw-nope', from: '+1h', to: '+2h' }] })).toContain('events[0].gatewayId: no gateway "gw-nope"');
  });

  it('rejects empty windows, catch-up on LoRaWAN and upstream loops', () => {
    expect(problemsOf({ ...base, events: [{ type: 'stuck', sensorId: 'ws-a', from: '+3h', to: '+1h' }] })).toContain('events[0]: "to" (+1h) must be after "from" (+3h)');
    expect(problemsOf({ ...base, events: [{ type: 'gateway-outage', gatewayId: 'gw-cs', from: '+1h', to: '+2h', catchUp: true }] })).toContain(
      'events[0].catchUp: only native gateways resend missed readings',
    );
    const loop = {
      ...base,
      hydrology: {
        gauges: {
          'wl-up': { baseFlowM3s: 1, baseCm: 20, upstream: [{ sensorId: 'wl-down', travel: '1h' }] },
          'wl-down': { baseFlowM3s: 1, baseCm: 20, upstream: [{ sensorId: 'wl-up', travel: '1h' }] },
        },
      },
    };
    expect(problemsOf(loop)).toMatch(/upstream links form a loop: wl-(up|down) → wl-(up|down) → wl-(up|down)/);
  });

  it('reports every problem at once, one per line', () => {
    const message = problemsOf({ ...base, events: [{ type: 'spike', sensorId: 'nope', at: '+1h', metrics: { co_ppm: 5 } }, { type: 'dropout', sensorIds: ['gone'], from: '+1h', to: '+2h' }] });
    expect(message.split('\n')).toHaveLength(2);
  });

  it('says which file it could not parse and which scenarios exist', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'skopia-scenario-'));
    const file = join(dir, 'broken.json');
    await writeFile(file, '{ "name": ');
    await expect(loadScenario(file)).rejects.toThrow(/broken\.json: not valid JSON/);
    await expect(loadScenario('no-such-scenario')).rejects.toThrow(/no scenario "no-such-scenario".*ready scenarios: .*odra-flood/);
  });

  it('loads every ready scenario', async () => {
    const names = (await listScenarios()).map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['quiet-day', 'fire-weather-day', 'flash-flood', 'odra-flood', 'sensor-faults', 'live']));
    for (const name of names) await expect(loadScenario(name)).resolves.toMatchObject({ scenario: { name } });
  });
});

describe('region network for the simulator', () => {
  it('needs a device EUI behind a LoRaWAN gateway and an application id on it', () => {
    const json = {
      gateways: [{ id: 'gw-t', name: 'T', format: 'ttn' }],
      sensors: [{ id: 'fs-1', kind: 'fire_sensor', name: 'F', lat: 40, lon: 23, villageId: 'v', gatewayId: 'gw-t', expectedIntervalS: 300 }],
    };
    expect(() => parseRegionNetwork(json, 'sensors.json')).toThrow(/sensors\.json: gateways\[0\]\.applicationId: a ttn gateway needs its application id/);
    expect(() => parseRegionNetwork(json, 'sensors.json')).toThrow(/sensors\[0\]\.lorawan: "fs-1" is behind ttn gateway "gw-t"/);
  });

  it('names the field of a schema error', () => {
    expect(() => parseRegionNetwork({ gateways: [{ id: 'gw 1', name: 'x', format: 'native' }], sensors: [] }, 'sensors.json')).toThrow(/sensors\.json: gateways\[0\]\.id:/);
  });
});
