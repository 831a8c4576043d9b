import type { Gateway, Sensor } from '../../../server/contracts/registry.ts';
import type { SimulatedRegion } from '../../../sensors/simulator/region/region-reader.ts';
import { loadScenario, parseScenario } from '../../../sensors/simulator/scenario/scenario-loader.ts';
import { buildWorld, type RunOverrides, type World } from '../../../sensors/simulator/world/world.ts';
import { Timeline } from '../../../sensors/simulator/timeline/timeline.ts';
import type { SimEvent } from '../../../sensors/simulator/timeline/sim-event.ts';

/** A ready scenario compiled against its region. */
export async function readyWorld(name: string, overrides: RunOverrides = {}): Promise<World> {
  const { scenario, region } = await loadScenario(name);
  return buildWorld(scenario, region, overrides);
}

const eventsOfWorld = new WeakMap<World, SimEvent[]>();

/** The whole run's events, computed once per world. */
export function allEvents(world: World): SimEvent[] {
  let events = eventsOfWorld.get(world);
  if (events === undefined) {
    events = [...new Timeline(world).all()];
    eventsOfWorld.set(world, events);
  }
  return events;
}

const readyWorlds = new Map<string, Promise<World>>();

/** A ready scenario with its default settings, shared by the tests of one file (worlds are immutable). */
export function sharedReadyWorld(name: string): Promise<World> {
  let world = readyWorlds.get(name);
  if (world === undefined) {
    world = readyWorld(name);
    readyWorlds.set(name, world);
  }
  return world;
}

export const nativeGateway: Gateway = { id: 'gw-test', name: 'Test gateway', format: 'native' };
export const ttnGateway: Gateway = { id: 'gw-ttn', name: 'Test TTN', format: 'ttn', applicationId: 'test-app' };
export const chirpstackGateway: Gateway = { id: 'gw-cs', name: 'Test ChirpStack', format: 'chirpstack', applicationId: '2b6a1d7e-0c4f-4e0e-9d0b-6f1f1c0de001' };

export function sensor(partial: Partial<Sensor> & Pick<Sensor, 'id' | 'kind'>): Sensor {
  return {
    name: partial.id,
    lat: 40.45,
    lon: 23.5,
    villageId: 'test',
    gatewayId: nativeGateway.id,
    expectedIntervalS: 60,
    ...partial,
  };
}

export function testRegion(sensors: readonly Sensor[], gateways: readonly Gateway[] = [nativeGateway]): SimulatedRegion {
  return {
    info: { id: 'polygyros', name: 'Test', nameLocal: 'Test', country: 'GR', timezone: 'Europe/Athens', attribution: '' },
    gateways,
    sensors,
  };
}

/** A world from an inline scenario (schema defaults applied), for generator tests. */
export function inlineWorld(scenario: Record<string, unknown>, region: SimulatedRegion, overrides: RunOverrides = {}): World {
  const parsed = parseScenario(
    { name: 'test', title: 'test', description: 'test', region: region.info.id, start: '2024-08-12T00:00:00+03:00', duration: '24h', ...scenario },
    'inline.json',
  );
  return buildWorld(parsed, region, overrides);
}
