import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { DEFAULT_DATA_DIR, scenariosDir } from '../paths.ts';
import { readSimulatedRegion, type SimulatedRegion } from '../region/region-reader.ts';
import { SimulatorError } from '../simulator-error.ts';
import { describeIssues } from '../zod-issues.ts';
import { checkScenarioAgainstRegion } from './scenario-checks.ts';
import { ScenarioSchema, type Scenario } from './scenario-schema.ts';

export interface LoadedScenario {
  readonly scenario: Scenario;
  readonly region: SimulatedRegion;
  /** Where it came from, as shown in messages. */
  readonly file: string;
}

/** Validates a parsed scenario file against the schema; `file` names it in errors. */
export function parseScenario(json: unknown, file: string): Scenario {
  const parsed = ScenarioSchema.safeParse(json);
  if (!parsed.success) throw new SimulatorError('scenario_file', describeIssues(file, parsed.error.issues));
  return parsed.data;
}

/** Schema, then the ids and windows the scenario names, checked against its region. */
export function validateScenario(json: unknown, file: string, region: SimulatedRegion): Scenario {
  const scenario = parseScenario(json, file);
  const problems = checkScenarioAgainstRegion(scenario, region);
  if (problems.length > 0) throw new SimulatorError('scenario_file', problems.map((p) => `${file}: ${p}`).join('\n'));
  return scenario;
}

/** A bare name is a ready scenario in data/scenarios/; anything with a slash or ".json" is a path. */
export function scenarioPath(nameOrPath: string, dataDir: string = DEFAULT_DATA_DIR): string {
  if (nameOrPath.includes('/') || nameOrPath.endsWith('.json')) return nameOrPath;
  return join(scenariosDir(dataDir), `${nameOrPath}.json`);
}

export async function listScenarios(dataDir: string = DEFAULT_DATA_DIR): Promise<{ name: string; title: string }[]> {
  const dir = scenariosDir(dataDir);
  const names = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const out: { name: string; title: string }[] = [];
  for (const file of names) {
    const json = JSON.parse(await readFile(join(dir, file), 'utf8')) as { title?: unknown };
    out.push({ name: basename(file, '.json'), title: typeof json.title === 'string' ? json.title : '' });
  }
  return out;
}

export interface LoadScenarioOptions {
  readonly dataDir?: string;
  /** Run the scenario on another region than the one it names (its ids must exist there). */
  readonly region?: string;
}

export async function loadScenario(nameOrPath: string, options: LoadScenarioOptions = {}): Promise<LoadedScenario> {
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const path = scenarioPath(nameOrPath, dataDir);
  const file = relative(process.cwd(), path) || path;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const available = await listScenarios(dataDir).then((l) => l.map((s) => s.name).join(', '), () => '');
    throw new SimulatorError('scenario_not_found', `no scenario "${nameOrPath}" (${file}); ready scenarios: ${available}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (error) {
    throw new SimulatorError('scenario_file', `${file}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const schemaValid = parseScenario(json, file);
  const regionId = options.region ?? schemaValid.region;
  const region = await readSimulatedRegion(regionId, dataDir);
  const scenario = validateScenario({ ...(json as object), region: regionId }, file, region);
  return { scenario, region, file };
}
