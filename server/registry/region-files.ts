import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  GatewaySchema,
  RegionInfoSchema,
  SensorSchema,
  VillageSchema,
  type Gateway,
  type RegionInfo,
  type Sensor,
  type Village,
} from '../contracts/registry.ts';
import { parseCsvRecords } from '../lib/csv.ts';
import { SkopiaError } from '../errors.ts';

/** A region folder: region.json, settlements.csv, sensors.json, and optionally boundary.geojson. */
export interface RegionFiles {
  readonly info: RegionInfo;
  readonly boundary: GeoJSON.FeatureCollection | null;
  readonly villages: readonly Village[];
  readonly gateways: readonly Gateway[];
  readonly sensors: readonly Sensor[];
}

const SensorsFileSchema = z.strictObject({
  gateways: z.array(GatewaySchema),
  sensors: z.array(SensorSchema),
});

function describe(file: string, error: z.ZodError): string {
  return error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (error) {
    throw new SkopiaError('region_file', `${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** Settlement CSVs name the local-language column name_el, name_pl, ...: take the first such column. */
function villagesFromCsv(file: string, text: string): Village[] {
  const { header, records } = parseCsvRecords(text);
  const localColumn = header.find((h) => /^name_[a-z]{2}$/.test(h) && h !== 'name_en');
  return records.map((r, index) => {
    const parsed = VillageSchema.safeParse({
      id: r.id,
      name: r.name_en || (localColumn ? r[localColumn] : undefined),
      nameLocal: (localColumn ? r[localColumn] : undefined) || r.name_en,
      lat: Number(r.lat),
      lon: Number(r.lon),
    });
    if (!parsed.success) throw new SkopiaError('region_file', `${file}: row ${index + 2}: ${describe('', parsed.error)}`);
    return parsed.data;
  });
}

export async function loadRegionFiles(regionsDir: string, regionId: string): Promise<RegionFiles> {
  const dir = join(regionsDir, regionId);
  const infoFile = join(dir, 'region.json');
  const info = RegionInfoSchema.safeParse(await readJson(infoFile));
  if (!info.success) throw new SkopiaError('region_file', describe(infoFile, info.error));

  const settlementsFile = join(dir, 'settlements.csv');
  const villages = villagesFromCsv(settlementsFile, await readFile(settlementsFile, 'utf8'));

  const sensorsFile = join(dir, 'sensors.json');
  const network = SensorsFileSchema.safeParse(await readJson(sensorsFile));
  if (!network.success) throw new SkopiaError('region_file', describe(sensorsFile, network.error));

  const problems = checkReferences(villages, network.data.gateways, network.data.sensors).map((p) => `${sensorsFile}: ${p}`);
  if (problems.length > 0) throw new SkopiaError('region_file', problems.join('\n'));

  let boundary: GeoJSON.FeatureCollection | null = null;
  try {
    boundary = (await readJson(join(dir, 'boundary.geojson'))) as GeoJSON.FeatureCollection;
  } catch (error) {
    if (((error as Error).cause as NodeJS.ErrnoException | undefined)?.code !== 'ENOENT') throw error;
  }
  return { info: info.data, boundary, villages, gateways: network.data.gateways, sensors: network.data.sensors };
}

/** Every sensor names an existing village and gateway; ids and device EUIs are unique. */
export function checkReferences(villages: readonly Village[], gateways: readonly Gateway[], sensors: readonly Sensor[]): string[] {
  const problems: string[] = [];
  const villageIds = new Set(villages.map((v) => v.id));
  const gatewayIds = new Set<string>();
  gateways.forEach((g, i) => {
    if (gatewayIds.has(g.id)) problems.push(`gateways.${i}.id: duplicate gateway id "${g.id}"`);
    gatewayIds.add(g.id);
    if (g.format !== 'native' && g.applicationId === undefined) {
      problems.push(`gateways.${i}.applicationId: required for a ${g.format} gateway (the application its topics name)`);
    }
  });
  const sensorIds = new Set<string>();
  const euis = new Set<string>();
  sensors.forEach((s, i) => {
    if (sensorIds.has(s.id)) problems.push(`sensors.${i}.id: duplicate sensor id "${s.id}"`);
    sensorIds.add(s.id);
    if (!villageIds.has(s.villageId)) problems.push(`sensors.${i}.villageId: no village "${s.villageId}"`);
    if (!gatewayIds.has(s.gatewayId)) problems.push(`sensors.${i}.gatewayId: no gateway "${s.gatewayId}"`);
    if (s.kind === 'water_level_gauge' && s.levels === undefined) {
      problems.push(`sensors.${i}.levels: a water-level gauge needs its warning and alarm levels`);
    }
    if (s.lorawan) {
      const eui = s.lorawan.devEui.toLowerCase();
      if (euis.has(eui)) problems.push(`sensors.${i}.lorawan.devEui: duplicate device EUI ${s.lorawan.devEui}`);
      euis.add(eui);
    }
  });
  return problems;
}

/** [west, south, east, north] around the boundary, or around the villages and sensors when there is none. */
export function regionBbox(files: RegionFiles): [number, number, number, number] {
  const points: [number, number][] = [];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') points.push([c[0], c[1]]);
    else if (Array.isArray(c)) c.forEach(visit);
  };
  if (files.boundary) {
    for (const f of files.boundary.features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
  }
  if (points.length === 0) {
    for (const p of [...files.villages, ...files.sensors]) points.push([p.lon, p.lat]);
  }
  let [w, s, e, n] = [180, 90, -180, -90];
  for (const [lon, lat] of points) {
    w = Math.min(w, lon);
    e = Math.max(e, lon);
    s = Math.min(s, lat);
    n = Math.max(n, lat);
  }
  return [w, s, e, n];
}
