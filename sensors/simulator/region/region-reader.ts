import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { GatewaySchema, RegionInfoSchema, SensorSchema } from '../../../server/contracts/registry.ts';
import type { Gateway, RegionInfo, Sensor } from '../../../server/contracts/registry.ts';
import { DEFAULT_DATA_DIR, regionsDir } from '../paths.ts';
import { SimulatorError } from '../simulator-error.ts';
import { describeIssues } from '../zod-issues.ts';

/** The part of a region the simulator needs: who publishes, through which gateway. */
export interface SimulatedRegion {
  readonly info: RegionInfo;
  readonly gateways: readonly Gateway[];
  readonly sensors: readonly Sensor[];
}

const SensorsFileSchema = z.strictObject({
  gateways: z.array(GatewaySchema).min(1),
  sensors: z.array(SensorSchema),
});

/**
 * Checks the simulator relies on beyond the field schemas: a LoRaWAN gateway needs its application id
 * for the topic, and a sensor behind it needs a device EUI and field map to build the uplink.
 */
export function checkSimulatedNetwork(gateways: readonly Gateway[], sensors: readonly Sensor[]): string[] {
  const problems: string[] = [];
  const byId = new Map<string, Gateway>();
  gateways.forEach((g, i) => {
    if (byId.has(g.id)) problems.push(`gateways[${i}].id: duplicate gateway id "${g.id}"`);
    byId.set(g.id, g);
    if (g.format !== 'native' && g.applicationId === undefined) {
      problems.push(`gateways[${i}].applicationId: a ${g.format} gateway needs its application id for the uplink topic`);
    }
  });
  const sensorIds = new Set<string>();
  sensors.forEach((s, i) => {
    if (sensorIds.has(s.id)) problems.push(`sensors[${i}].id: duplicate sensor id "${s.id}"`);
    sensorIds.add(s.id);
    const gateway = byId.get(s.gatewayId);
    if (gateway === undefined) problems.push(`sensors[${i}].gatewayId: no gateway "${s.gatewayId}"`);
    else if (gateway.format !== 'native' && s.lorawan === undefined) {
      problems.push(`sensors[${i}].lorawan: "${s.id}" is behind ${gateway.format} gateway "${gateway.id}" and needs a device EUI and field map`);
    }
  });
  return problems;
}

/** Validates the parsed content of a region's sensors.json; `file` names it in errors. */
export function parseRegionNetwork(json: unknown, file: string): Pick<SimulatedRegion, 'gateways' | 'sensors'> {
  const parsed = SensorsFileSchema.safeParse(json);
  if (!parsed.success) throw new SimulatorError('region_file', describeIssues(file, parsed.error.issues));
  const problems = checkSimulatedNetwork(parsed.data.gateways, parsed.data.sensors);
  if (problems.length > 0) throw new SimulatorError('region_file', problems.map((p) => `${file}: ${p}`).join('\n'));
  return parsed.data;
}

async function readJson(file: string, label: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SimulatorError('region_file', `${label}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'}); is the region id right?`, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new SimulatorError('region_file', `${label}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
}

/** Reads data/regions/<id>/region.json and sensors.json. */
export async function readSimulatedRegion(regionId: string, dataDir: string = DEFAULT_DATA_DIR): Promise<SimulatedRegion> {
  const dir = join(regionsDir(dataDir), regionId);
  const label = (name: string): string => relative(process.cwd(), join(dir, name)) || name;

  const infoJson = await readJson(join(dir, 'region.json'), label('region.json'));
  const info = RegionInfoSchema.safeParse(infoJson);
  if (!info.success) throw new SimulatorError('region_file', describeIssues(label('region.json'), info.error.issues));

  const network = parseRegionNetwork(await readJson(join(dir, 'sensors.json'), label('sensors.json')), label('sensors.json'));
  return { info: info.data, ...network };
}
