import type { Feature, FeatureCollection, Point } from 'geojson';
import { DISPATCH_HAZARDS, type MachineView } from '../contracts/machinery.ts';
import type { CoverageReport, CoverageState } from '../contracts/dispatch.ts';

const SEVERITY: Readonly<Record<CoverageState, number>> = { covered: 0, busy: 1, uncovered: 2 };

/**
 * Coverage as a GeoJSON layer: one point per village (`kind: 'village'`) with its state per hazard and
 * its worst state, to colour by a data-driven paint property; and one point per machine
 * (`kind: 'machine'`) at its home village's position or its reported one. Ids are stable for `promoteId`.
 */
export function coverageGeoJson(report: CoverageReport, machines: readonly MachineView[]): FeatureCollection<Point> {
  const villages: Feature<Point>[] = report.villages.map((v) => {
    const states = Object.fromEntries(DISPATCH_HAZARDS.map((h) => [h, v.hazards[h].state]));
    const worst = DISPATCH_HAZARDS.map((h) => v.hazards[h].state).reduce<CoverageState>((w, s) => (SEVERITY[s] > SEVERITY[w] ? s : w), 'covered');
    return {
      type: 'Feature',
      id: `village:${v.villageId}`,
      geometry: { type: 'Point', coordinates: [v.lon, v.lat] },
      properties: {
        id: `village:${v.villageId}`,
        kind: 'village',
        villageId: v.villageId,
        name: v.name,
        worst,
        uncoveredHazards: DISPATCH_HAZARDS.filter((h) => v.hazards[h].state === 'uncovered').join(','),
        ...states,
      },
    };
  });
  const machinePoints: Feature<Point>[] = machines.map((m) => ({
    type: 'Feature',
    id: `machine:${m.id}`,
    geometry: { type: 'Point', coordinates: [m.position.lon, m.position.lat] },
    properties: {
      id: `machine:${m.id}`,
      kind: 'machine',
      machineId: m.id,
      type: m.type,
      status: m.status,
      plateOrSerial: m.plateOrSerial,
      contractorName: m.contractorName,
      homeVillageId: m.homeVillageId,
      dispatchId: m.dispatchId,
    },
  }));
  return { type: 'FeatureCollection', features: [...villages, ...machinePoints] };
}
