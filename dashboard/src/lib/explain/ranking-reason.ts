import type { RankingReason } from '../../../../server/contracts/dispatch.ts';
import type { MessageKey } from '../i18n/index.ts';

/** Everything a reason's sentence may need, already formatted by the caller's language. */
export interface ReasonContext {
  readonly number: (value: number) => string;
  /** A local date `YYYY-MM-DD` as the language writes it. */
  readonly date: (isoDate: string) => string;
  readonly villageName: (id: string, fallback: string) => string;
  readonly hazardName: (hazard: string) => string;
  readonly machineTypeName: (type: string) => string;
  readonly machineStatusName: (status: string) => string;
}

/**
 * A ranking reason as a message of the dashboard's own catalogue, from its code and parameters: the
 * server's English `text` is only the fallback for a code this build does not know.
 */
export function reasonMessage(reason: RankingReason, c: ReasonContext): { key: MessageKey; params: Record<string, string> } | null {
  const p = reason.params;
  const num = (name: string) => (typeof p[name] === 'number' ? c.number(p[name]) : String(p[name] ?? ''));
  const str = (name: string) => String(p[name] ?? '');
  switch (reason.code) {
    case 'suited':
      return { key: 'reason.suited', params: { type: c.machineTypeName(str('type')), hazard: c.hazardName(str('hazard')), choice: num('choice') } };
    case 'distance':
      return { key: 'reason.distance', params: { km: num('km'), minutes: num('minutes') } };
    case 'position':
      if (p['minutesAgo'] !== undefined) return { key: 'reason.positionReported', params: { minutes: num('minutesAgo') } };
      if (p['villageId'] !== undefined) return { key: 'reason.positionHome', params: { village: c.villageName(str('villageId'), str('village')) } };
      return { key: 'reason.positionLast', params: {} };
    case 'available':
      return { key: 'reason.available', params: {} };
    case 'busy':
      return { key: 'reason.busy', params: { status: c.machineStatusName(str('status')) } };
    case 'out_of_service':
      return { key: 'reason.outOfService', params: {} };
    case 'contract_ending':
      return { key: 'reason.contractEnding', params: { days: num('daysLeft'), date: c.date(str('contractEnd')) } };
    case 'contract_invalid':
      if (p['contractEnd'] !== undefined) return { key: 'reason.contractEnded', params: { date: c.date(str('contractEnd')) } };
      if (p['contractStart'] !== undefined) return { key: 'reason.contractNotStarted', params: { date: c.date(str('contractStart')) } };
      return { key: 'reason.noContractor', params: {} };
    case 'coverage_kept':
      return { key: 'reason.coverageKept', params: {} };
    case 'coverage_lost':
      return { key: 'reason.coverageLost', params: { village: c.villageName(str('villageId'), str('village')), hazard: c.hazardName(str('hazard')) } };
    case 'capacity':
      if (p['tankLitres'] !== undefined) return { key: 'reason.capacityTank', params: { litres: num('tankLitres') } };
      if (p['pumpM3h'] !== undefined) return { key: 'reason.capacityPump', params: { m3h: num('pumpM3h') } };
      if (p['kW'] !== undefined) return { key: 'reason.capacityPower', params: { kw: num('kW') } };
      if (p['bucketM3'] !== undefined) return { key: 'reason.capacityBucket', params: { m3: num('bucketM3') } };
      return null;
    default:
      return null;
  }
}
