import type { Sensor } from '../../../server/contracts/registry.ts';
import type { SimulatedRegion } from '../region/region-reader.ts';
import { parseDurationMs, resolveScenarioTime } from '../time/relative-time.ts';
import type { Scenario } from './scenario-schema.ts';

/**
 * Checks a schema-valid scenario against its region: every id it names exists and has the right kind,
 * windows are not empty, flood routing has no loops. Each problem is `path: reason`.
 */
export function checkScenarioAgainstRegion(scenario: Scenario, region: SimulatedRegion): string[] {
  const problems: string[] = [];
  const sensors = new Map(region.sensors.map((s) => [s.id, s]));
  const gateways = new Map(region.gateways.map((g) => [g.id, g]));
  const where = `region "${region.info.id}"`;

  const needSensor = (path: string, id: string, kind?: Sensor['kind']): void => {
    const sensor = sensors.get(id);
    if (sensor === undefined) problems.push(`${path}: no sensor "${id}" in ${where}`);
    else if (kind !== undefined && sensor.kind !== kind) problems.push(`${path}: "${id}" is a ${sensor.kind}, not a ${kind}`);
  };
  const needWindow = (path: string, from: string, to: string): void => {
    // Any fixed start works for comparing two times of the same scenario.
    if (resolveScenarioTime(to, 0) <= resolveScenarioTime(from, 0)) problems.push(`${path}: "to" (${to}) must be after "from" (${from})`);
  };

  scenario.sensors?.forEach((id, i) => needSensor(`sensors[${i}]`, id));
  for (const id of Object.keys(scenario.intervals ?? {})) needSensor(`intervals.${id}`, id);
  for (const id of Object.keys(scenario.weather?.sites ?? {})) needSensor(`weather.sites.${id}`, id);

  scenario.events.forEach((event, i) => {
    const path = `events[${i}]`;
    switch (event.type) {
      case 'storm':
      case 'fire':
        break;
      case 'river-flood-wave':
        needSensor(`${path}.sensorId`, event.sensorId, 'water_level_gauge');
        if ((parseDurationMs(event.rise) ?? 0) <= 0) problems.push(`${path}.rise: must be longer than zero`);
        if ((parseDurationMs(event.fall) ?? 0) <= 0) problems.push(`${path}.fall: must be longer than zero`);
        break;
      case 'dropout':
        event.sensorIds.forEach((id, j) => needSensor(`${path}.sensorIds[${j}]`, id));
        needWindow(path, event.from, event.to);
        break;
      case 'packet-loss':
        event.sensorIds?.forEach((id, j) => needSensor(`${path}.sensorIds[${j}]`, id));
        if (event.gatewayId !== undefined && !gateways.has(event.gatewayId)) {
          problems.push(`${path}.gatewayId: no gateway "${event.gatewayId}" in ${where}`);
        }
        if (event.from !== undefined && event.to !== undefined) needWindow(path, event.from, event.to);
        break;
      case 'stuck':
        needSensor(`${path}.sensorId`, event.sensorId);
        needWindow(path, event.from, event.to);
        break;
      case 'spike':
      case 'low-battery':
        needSensor(`${path}.sensorId`, event.sensorId);
        break;
      case 'gateway-outage': {
        const gateway = gateways.get(event.gatewayId);
        if (gateway === undefined) problems.push(`${path}.gatewayId: no gateway "${event.gatewayId}" in ${where}`);
        else if (event.catchUp === true && gateway.format !== 'native') {
          problems.push(`${path}.catchUp: only native gateways resend missed readings; a ${gateway.format} network server loses them`);
        }
        needWindow(path, event.from, event.to);
        break;
      }
    }
  });

  const gauges = scenario.hydrology?.gauges ?? {};
  for (const [id, model] of Object.entries(gauges)) {
    const path = `hydrology.gauges.${id}`;
    needSensor(path, id, 'water_level_gauge');
    model.upstream?.forEach((link, j) => needSensor(`${path}.upstream[${j}].sensorId`, link.sensorId, 'water_level_gauge'));
    if (model.rating !== undefined && model.rating.flowM3s <= model.baseFlowM3s) {
      problems.push(`${path}.rating.flowM3s: must be above baseFlowM3s (${model.baseFlowM3s})`);
    }
    if (model.alarmAtFlowM3s !== undefined && model.alarmAtFlowM3s <= model.baseFlowM3s) {
      problems.push(`${path}.alarmAtFlowM3s: must be above baseFlowM3s (${model.baseFlowM3s})`);
    }
  }
  const cycle = findUpstreamCycle(gauges);
  if (cycle !== null) problems.push(`hydrology.gauges: upstream links form a loop: ${cycle.join(' → ')}`);

  const expectations = scenario.expectations;
  expectations?.crossings?.forEach((c, i) => needSensor(`expectations.crossings[${i}].sensorId`, c.sensorId));
  expectations?.bounds?.forEach((b, i) => {
    b.sensorIds?.forEach((id, j) => needSensor(`expectations.bounds[${i}].sensorIds[${j}]`, id));
    b.exceptSensorIds?.forEach((id, j) => needSensor(`expectations.bounds[${i}].exceptSensorIds[${j}]`, id));
  });
  expectations?.order?.forEach((o, i) => o.sensorIds.forEach((id, j) => needSensor(`expectations.order[${i}].sensorIds[${j}]`, id)));
  return problems;
}

function findUpstreamCycle(gauges: Readonly<Record<string, { upstream?: readonly { sensorId: string }[] | undefined }>>): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]): string[] | null => {
    if (state.get(id) === 'visiting') return [...trail.slice(trail.indexOf(id)), id];
    if (state.get(id) === 'done') return null;
    state.set(id, 'visiting');
    for (const link of gauges[id]?.upstream ?? []) {
      const found = visit(link.sensorId, [...trail, id]);
      if (found !== null) return found;
    }
    state.set(id, 'done');
    return null;
  };
  for (const id of Object.keys(gauges)) {
    const found = visit(id, []);
    if (found !== null) return found;
  }
  return null;
}
