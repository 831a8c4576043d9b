import { haversineKm } from '../../rules/engine/haversine.ts';
import { machineTypesFor } from '../../rules/hazards/machine-types.ts';
import type { Village } from '../contracts/registry.ts';
import { DISPATCH_HAZARDS, type Contractor, type DispatchHazard, type Machine } from '../contracts/machinery.ts';
import type { CoverageReport, CoverageWarning, HazardCoverage, VillageCoverage } from '../contracts/dispatch.ts';
import { addDays, CONTRACT_EXPIRY_WARNING_DAYS, contractStanding, contractValidOn } from './contractor-contract.ts';
import { listWords, machineTypeWords } from './machine-words.ts';

/**
 * Coverage: for each village and hazard, is a machine of a suitable type, on a valid contract, based
 * within the radius? Machines count from their home village: coverage is the registry's promise of a
 * machine on call near every village, not where a machine happens to be parked after a job. Pure.
 */
export interface CoverageInputs {
  readonly villages: readonly Village[];
  readonly machines: readonly Machine[];
  readonly contractors: ReadonlyMap<string, Contractor>;
  /** Local date the contracts are judged on, YYYY-MM-DD. */
  readonly today: string;
  /** Straight-line distance from a machine's home village within which it covers a village, km. */
  readonly radiusKm: number;
}

interface Candidate {
  readonly machine: Machine;
  readonly km: number;
  readonly contractEnd: string;
}

/** Machines that could serve a village for a hazard on `today`, nearest first (busy ones included). */
function candidatesFor(inputs: CoverageInputs, village: Village, hazard: DispatchHazard, today: string, villageById: ReadonlyMap<string, Village>): Candidate[] {
  const types = machineTypesFor(hazard);
  const found: Candidate[] = [];
  for (const machine of inputs.machines) {
    if (machine.status === 'out_of_service' || !types.includes(machine.type)) continue;
    const contractor = inputs.contractors.get(machine.contractorId);
    if (!contractor || !contractValidOn(contractor, today)) continue;
    const home = villageById.get(machine.homeVillageId);
    if (!home) continue;
    const km = haversineKm(home.lat, home.lon, village.lat, village.lon);
    if (km <= inputs.radiusKm) found.push({ machine, km, contractEnd: contractor.contractEnd });
  }
  return found.sort((a, b) => a.km - b.km || a.machine.id.localeCompare(b.machine.id));
}

function hazardCoverage(candidates: readonly Candidate[]): HazardCoverage {
  const available = candidates.filter((c) => c.machine.status === 'available');
  const nearest = available[0] ?? candidates[0];
  return {
    state: available.length > 0 ? 'covered' : candidates.length > 0 ? 'busy' : 'uncovered',
    machineIds: candidates.map((c) => c.machine.id),
    nearest: nearest ? { machineId: nearest.machine.id, type: nearest.machine.type, km: Math.round(nearest.km * 10) / 10 } : null,
  };
}

function byId<T extends { readonly id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((i) => [i.id, i]));
}

export function villageCoverage(inputs: CoverageInputs): VillageCoverage[] {
  const villageById = byId(inputs.villages);
  return inputs.villages.map((village) => {
    const hazards = Object.fromEntries(
      DISPATCH_HAZARDS.map((h) => [h, hazardCoverage(candidatesFor(inputs, village, h, inputs.today, villageById))]),
    ) as Record<DispatchHazard, HazardCoverage>;
    return { villageId: village.id, name: village.name, lat: village.lat, lon: village.lon, hazards };
  });
}

function contractWarnings(inputs: CoverageInputs): CoverageWarning[] {
  const warnings: CoverageWarning[] = [];
  const machineCount = new Map<string, number>();
  for (const m of inputs.machines) machineCount.set(m.contractorId, (machineCount.get(m.contractorId) ?? 0) + 1);
  for (const c of [...inputs.contractors.values()].sort((a, b) => a.contractEnd.localeCompare(b.contractEnd))) {
    const machines = machineCount.get(c.id) ?? 0;
    const standing = contractStanding(c, inputs.today);
    const what = `Contract ${c.contractRef} of ${c.name}`;
    if (standing.state === 'expired' && machines > 0) {
      warnings.push({
        code: 'contract_expired',
        contractorId: c.id,
        daysLeft: -standing.daysAgo,
        text: `${what} ended on ${c.contractEnd}: its ${machines} machine(s) cannot be dispatched until it is renewed.`,
      });
    } else if (standing.state === 'not_started' && machines > 0) {
      warnings.push({
        code: 'contract_not_started',
        contractorId: c.id,
        text: `${what} starts on ${c.contractStart}: its ${machines} machine(s) cannot be dispatched before then.`,
      });
    } else if (standing.state === 'valid' && standing.daysLeft <= CONTRACT_EXPIRY_WARNING_DAYS) {
      const when = standing.daysLeft === 0 ? 'ends today' : `ends in ${standing.daysLeft} day${standing.daysLeft === 1 ? '' : 's'}`;
      warnings.push({ code: 'contract_expiring', contractorId: c.id, daysLeft: standing.daysLeft, text: `${what} ${when} (${c.contractEnd}).` });
    }
  }
  return warnings;
}

function villageWarnings(inputs: CoverageInputs, coverage: readonly VillageCoverage[]): CoverageWarning[] {
  const warnings: CoverageWarning[] = [];
  const villageById = byId(inputs.villages);
  const horizon = addDays(inputs.today, CONTRACT_EXPIRY_WARNING_DAYS);
  for (const vc of coverage) {
    const village = villageById.get(vc.villageId);
    if (!village) continue;
    for (const hazard of DISPATCH_HAZARDS) {
      const types = listWords(machineTypesFor(hazard).map(machineTypeWords));
      const hc = vc.hazards[hazard];
      if (hc.state === 'uncovered') {
        warnings.push({
          code: 'village_uncovered',
          villageId: vc.villageId,
          hazard,
          text: `${vc.name} has no ${types} within ${inputs.radiusKm} km on a valid contract, for ${hazard}.`,
        });
        continue;
      }
      // Covered today, but every machine that covers it is on a contract ending within the horizon.
      const candidates = candidatesFor(inputs, village, hazard, inputs.today, villageById);
      const lastEnd = candidates.reduce((max, c) => (c.contractEnd > max ? c.contractEnd : max), '');
      if (lastEnd !== '' && lastEnd < horizon) {
        warnings.push({
          code: 'coverage_expiring',
          villageId: vc.villageId,
          hazard,
          text: `${vc.name} loses its ${hazard} cover on ${addDays(lastEnd, 1)}, when the last contract covering it ends, unless a contract is renewed.`,
        });
      }
    }
  }
  return warnings;
}

/** The whole picture for GET /api/coverage: per village and hazard, then contract and village warnings. */
export function computeCoverage(inputs: CoverageInputs): CoverageReport {
  const villages = villageCoverage(inputs);
  return {
    today: inputs.today,
    radiusKm: inputs.radiusKm,
    villages,
    warnings: [...contractWarnings(inputs), ...villageWarnings(inputs, villages)],
  };
}

/**
 * For each machine, the village/hazard pairs it alone covers among available machines: what its
 * departure would leave uncovered, which "coverage kept" in the ranking weighs. Computed once for
 * all machines (villages × hazards × machines), not once per machine.
 */
export function soleCoverage(inputs: CoverageInputs): Map<string, { villageId: string; hazard: DispatchHazard }[]> {
  const villageById = byId(inputs.villages);
  const sole = new Map<string, { villageId: string; hazard: DispatchHazard }[]>();
  for (const village of inputs.villages) {
    for (const hazard of DISPATCH_HAZARDS) {
      const available = candidatesFor(inputs, village, hazard, inputs.today, villageById).filter((c) => c.machine.status === 'available');
      const only = available.length === 1 ? available[0] : undefined;
      if (!only) continue;
      const list = sole.get(only.machine.id) ?? [];
      list.push({ villageId: village.id, hazard });
      sole.set(only.machine.id, list);
    }
  }
  return sole;
}
