import { haversineKm } from '../../rules/engine/haversine.ts';
import { machineTypesFor } from '../../rules/hazards/machine-types.ts';
import type { Village } from '../contracts/registry.ts';
import type { Contractor, DispatchHazard, Machine } from '../contracts/machinery.ts';
import type { DispatchPoint, DispatchStatus, RankedMachine, RankingReason } from '../contracts/dispatch.ts';
import { CONTRACT_EXPIRY_WARNING_DAYS, contractStanding } from '../registry/contractor-contract.ts';
import { soleCoverage } from '../registry/coverage.ts';
import { machineTypeWords, ordinal } from '../registry/machine-words.ts';

/**
 * Which machine to send: every machine of a type the hazard calls for, ranked. Pure.
 *
 *   1. Dispatchable first: available, no open dispatch, contract valid today. The others are still
 *      listed (last) so an officer sees why the nearest tanker is not offered.
 *   2. Then by cost in minutes, lowest first:
 *        ETA (great-circle km × road factor at the configured speed)
 *      + suitabilityStepMin for each step down the hazard's list of types (fire: tanker, bulldozer, grader)
 *      + coverageLossMin for each village/hazard its departure would leave without an available machine.
 *      Minutes, so that a far better machine can outweigh a penalty and the trade-off reads plainly.
 *   3. Ties: shorter road distance, then machine id (a stable order for the same inputs).
 */
export interface RankingInputs {
  readonly villages: readonly Village[];
  readonly machines: readonly Machine[];
  readonly contractors: ReadonlyMap<string, Contractor>;
  /** Open dispatches by machine id. */
  readonly openDispatches: ReadonlyMap<string, { readonly id: string; readonly status: DispatchStatus }>;
}

export interface RankingOptions {
  readonly now: number;
  /** Local date for contract validity, YYYY-MM-DD. */
  readonly today: string;
  /** Roads are longer than the great circle: km by road ≈ km great-circle × this. */
  readonly roadFactor: number;
  readonly speedKmh: number;
  readonly coverageRadiusKm: number;
  /** A reported position older than this is not trusted; the machine counts from its home village. */
  readonly positionMaxAgeMs?: number;
  readonly suitabilityStepMin?: number;
  readonly coverageLossMin?: number;
}

export const RANKING_DEFAULTS = {
  positionMaxAgeMs: 6 * 3_600_000,
  suitabilityStepMin: 10,
  coverageLossMin: 15,
} as const;

function reason(code: RankingReason['code'], negative: boolean, text: string, params: Record<string, string | number> = {}): RankingReason {
  return { code, negative, text, params };
}

function origin(machine: Machine, home: Village | undefined, now: number, maxAgeMs: number): { lat: number; lon: number; reason: RankingReason } {
  const p = machine.position;
  if (p.source === 'reported' && p.at !== null && now - p.at <= maxAgeMs) {
    const min = Math.max(0, Math.round((now - p.at) / 60_000));
    return { lat: p.lat, lon: p.lon, reason: reason('position', false, `position reported ${min} min ago`, { minutesAgo: min }) };
  }
  if (home) return { lat: home.lat, lon: home.lon, reason: reason('position', false, `based in ${home.name}`, { villageId: home.id, village: home.name }) };
  return { lat: p.lat, lon: p.lon, reason: reason('position', false, 'last known position') };
}

function capacityReason(machine: Machine): RankingReason | null {
  const c = machine.capabilities;
  const n = (v: number) => v.toLocaleString('en-GB');
  if (machine.type === 'water_tanker' && c.tankLitres) return reason('capacity', false, `tank ${n(c.tankLitres)} l`, { tankLitres: c.tankLitres });
  if (machine.type === 'pump_unit' && c.pumpM3h) return reason('capacity', false, `pumps ${n(c.pumpM3h)} m³/h`, { pumpM3h: c.pumpM3h });
  if (machine.type === 'generator' && c.kW) return reason('capacity', false, `${n(c.kW)} kW`, { kW: c.kW });
  if (c.bucketM3) return reason('capacity', false, `bucket ${n(c.bucketM3)} m³`, { bucketM3: c.bucketM3 });
  return null;
}

function suitedReason(machine: Machine, hazard: DispatchHazard, typeRank: number, typeCount: number): RankingReason {
  const words = machineTypeWords(machine.type);
  const text =
    typeRank === 0 ? `${words} — suited to ${hazard}` : `${words} — suited to ${hazard} (${ordinal(typeRank + 1)} choice of ${typeCount})`;
  return reason('suited', false, text, { type: machine.type, hazard, choice: typeRank + 1 });
}

export function rankMachinesForDispatch(point: DispatchPoint, inputs: RankingInputs, options: RankingOptions): RankedMachine[] {
  const o = { ...RANKING_DEFAULTS, ...options };
  const types = machineTypesFor(point.hazard);
  const villageById = new Map(inputs.villages.map((v) => [v.id, v]));
  const sole = soleCoverage({ villages: inputs.villages, machines: inputs.machines, contractors: inputs.contractors, today: o.today, radiusKm: o.coverageRadiusKm });

  const ranked: Omit<RankedMachine, 'rank'>[] = [];
  for (const machine of inputs.machines) {
    const typeRank = types.indexOf(machine.type);
    if (typeRank < 0) continue;
    const contractor = inputs.contractors.get(machine.contractorId);
    const home = villageById.get(machine.homeVillageId);
    const from = origin(machine, home, o.now, o.positionMaxAgeMs);
    const roadKm = Math.round(haversineKm(from.lat, from.lon, point.lat, point.lon) * o.roadFactor * 10) / 10;
    const etaMin = Math.max(1, Math.ceil((roadKm / o.speedKmh) * 60));

    const reasons: RankingReason[] = [suitedReason(machine, point.hazard, typeRank, types.length)];
    reasons.push(reason('distance', false, `${roadKm.toFixed(1)} km, about ${etaMin} min`, { km: roadKm, minutes: etaMin }));
    reasons.push(from.reason);
    const capacity = capacityReason(machine);
    if (capacity) reasons.push(capacity);

    let dispatchable = true;
    const open = inputs.openDispatches.get(machine.id);
    if (machine.status === 'out_of_service') {
      dispatchable = false;
      reasons.push(reason('out_of_service', true, 'out of service'));
    } else if (open || machine.status !== 'available') {
      dispatchable = false;
      const status = open?.status ?? machine.status;
      const text = open ? `busy: on dispatch ${open.id} (${status.replaceAll('_', ' ')})` : `busy (${status.replaceAll('_', ' ')})`;
      reasons.push(reason('busy', true, text, { status, ...(open ? { dispatchId: open.id } : {}) }));
    } else {
      reasons.push(reason('available', false, 'available now'));
    }

    if (!contractor) {
      dispatchable = false;
      reasons.push(reason('contract_invalid', true, 'no contractor on record'));
    } else {
      const standing = contractStanding(contractor, o.today);
      if (standing.state === 'expired') {
        dispatchable = false;
        reasons.push(reason('contract_invalid', true, `contract ended on ${contractor.contractEnd}`, { contractEnd: contractor.contractEnd }));
      } else if (standing.state === 'not_started') {
        dispatchable = false;
        reasons.push(reason('contract_invalid', true, `contract starts on ${contractor.contractStart}`, { contractStart: contractor.contractStart }));
      } else if (standing.daysLeft <= CONTRACT_EXPIRY_WARNING_DAYS) {
        const text = standing.daysLeft === 0 ? 'contract ends today' : `contract ends in ${standing.daysLeft} day${standing.daysLeft === 1 ? '' : 's'}`;
        reasons.push(reason('contract_ending', false, text, { daysLeft: standing.daysLeft, contractEnd: contractor.contractEnd }));
      }
    }

    // Only a machine that would actually leave takes cover away; a busy one already has.
    const leavesUncovered = dispatchable ? (sole.get(machine.id) ?? []).filter((l) => l.villageId !== point.villageId) : [];
    for (const l of leavesUncovered) {
      const village = villageById.get(l.villageId)?.name ?? l.villageId;
      const what = l.hazard === point.hazard ? `a ${machineTypeWords(machine.type)}` : `${l.hazard} cover`;
      reasons.push(reason('coverage_lost', true, `leaves ${village} without ${what}`, { villageId: l.villageId, village, hazard: l.hazard }));
    }
    if (dispatchable && leavesUncovered.length === 0) reasons.push(reason('coverage_kept', false, 'every village keeps its cover'));

    const costMin = etaMin + typeRank * o.suitabilityStepMin + leavesUncovered.length * o.coverageLossMin;
    ranked.push({
      machineId: machine.id,
      machineType: machine.type,
      plateOrSerial: machine.plateOrSerial,
      contractorId: machine.contractorId,
      contractorName: contractor?.name ?? machine.contractorId,
      dispatchable,
      roadKm,
      etaMin,
      costMin,
      leavesUncovered,
      reasons,
    });
  }

  ranked.sort(
    (a, b) =>
      Number(b.dispatchable) - Number(a.dispatchable) || a.costMin - b.costMin || a.roadKm - b.roadKm || a.machineId.localeCompare(b.machineId),
  );
  return ranked.map((r, i) => ({ rank: i + 1, ...r }));
}
