import { toCsv } from '../lib/csv.ts';
import type { Village } from '../contracts/registry.ts';
import type { DispatchHazard, MachineType } from '../contracts/machinery.ts';
import type { DispatchStatus } from '../contracts/dispatch.ts';
import type { DispatchRecord } from './dispatch-store.ts';

/**
 * Reports on dispatches, for the municipality and for billing. Pure.
 *
 *   time to dispatch  alert fired / incident reported → machine requested
 *   time to arrival   machine requested → on site
 *   hours on site     on site → released (or cancelled while on site: the machine did work), × the
 *                     hourly rate agreed for that machine type when it was requested
 */
export interface DispatchReportRow {
  readonly dispatchId: string;
  readonly requestedAt: number;
  readonly status: DispatchStatus;
  readonly hazard: DispatchHazard;
  readonly targetKind: string;
  readonly targetId: string;
  readonly villageId: string | null;
  readonly contractorId: string;
  readonly contractorName: string;
  readonly machineId: string;
  readonly plateOrSerial: string;
  readonly machineType: MachineType;
  readonly timeToDispatchMin: number | null;
  readonly timeToArrivalMin: number | null;
  readonly hoursOnSite: number | null;
  /** Still on site: the hours so far. */
  readonly onSiteOngoing: boolean;
  readonly hourlyRate: number | null;
  readonly amount: number | null;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const minutes = (ms: number) => round(ms / 60_000, 1);

export function dispatchReportRow(r: DispatchRecord, now: number): DispatchReportRow {
  const onSite = r.times.on_site;
  const end = r.times.released ?? r.times.cancelled ?? (r.status === 'on_site' ? now : undefined);
  const hoursOnSite = onSite !== undefined && end !== undefined && end >= onSite ? round((end - onSite) / 3_600_000, 2) : null;
  return {
    dispatchId: r.id,
    requestedAt: r.requestedAt,
    status: r.status,
    hazard: r.target.hazard,
    targetKind: r.target.kind,
    targetId: r.target.id,
    villageId: r.target.villageId,
    contractorId: r.contractorId,
    contractorName: r.contractorName,
    machineId: r.machineId,
    plateOrSerial: r.plateOrSerial,
    machineType: r.machineType,
    timeToDispatchMin: r.target.createdAt === null ? null : minutes(r.requestedAt - r.target.createdAt),
    timeToArrivalMin: onSite === undefined ? null : minutes(onSite - r.requestedAt),
    hoursOnSite,
    onSiteOngoing: r.status === 'on_site',
    hourlyRate: r.hourlyRate,
    amount: hoursOnSite !== null && r.hourlyRate !== null ? round(hoursOnSite * r.hourlyRate, 2) : null,
  };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const value = s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
  return round(value, 1);
}

const present = (values: readonly (number | null)[]) => values.filter((v): v is number => v !== null);

export interface ContractorReportRow {
  readonly contractorId: string;
  readonly contractorName: string;
  readonly dispatches: number;
  readonly accepted: number;
  readonly declined: number;
  readonly cancelled: number;
  readonly hoursOnSite: number;
  readonly amount: number;
  readonly medianTimeToArrivalMin: number | null;
}

export function contractorReport(rows: readonly DispatchReportRow[], records: readonly DispatchRecord[]): ContractorReportRow[] {
  const accepted = new Set(records.filter((r) => r.times.accepted !== undefined).map((r) => r.id));
  const groups = new Map<string, DispatchReportRow[]>();
  for (const row of rows) groups.set(row.contractorId, [...(groups.get(row.contractorId) ?? []), row]);
  return [...groups.values()]
    .map((g) => ({
      contractorId: g[0]?.contractorId ?? '',
      contractorName: g[0]?.contractorName ?? '',
      dispatches: g.length,
      accepted: g.filter((r) => accepted.has(r.dispatchId)).length,
      declined: g.filter((r) => r.status === 'declined').length,
      cancelled: g.filter((r) => r.status === 'cancelled').length,
      hoursOnSite: round(present(g.map((r) => r.hoursOnSite)).reduce((a, b) => a + b, 0), 2),
      amount: round(present(g.map((r) => r.amount)).reduce((a, b) => a + b, 0), 2),
      medianTimeToArrivalMin: median(present(g.map((r) => r.timeToArrivalMin))),
    }))
    .sort((a, b) => a.contractorName.localeCompare(b.contractorName));
}

export interface VillageReportRow {
  readonly villageId: string;
  readonly villageName: string;
  readonly dispatches: number;
  readonly fire: number;
  readonly flood: number;
  readonly storm: number;
  readonly snow: number;
  readonly medianTimeToDispatchMin: number | null;
  readonly medianTimeToArrivalMin: number | null;
  readonly hoursOnSite: number;
}

export function villageReport(rows: readonly DispatchReportRow[], villages: readonly Village[]): VillageReportRow[] {
  return villages
    .map((v) => {
      const g = rows.filter((r) => r.villageId === v.id);
      const count = (h: DispatchHazard) => g.filter((r) => r.hazard === h).length;
      return {
        villageId: v.id,
        villageName: v.name,
        dispatches: g.length,
        fire: count('fire'),
        flood: count('flood'),
        storm: count('storm'),
        snow: count('snow'),
        medianTimeToDispatchMin: median(present(g.map((r) => r.timeToDispatchMin))),
        medianTimeToArrivalMin: median(present(g.map((r) => r.timeToArrivalMin))),
        hoursOnSite: round(present(g.map((r) => r.hoursOnSite)).reduce((a, b) => a + b, 0), 2),
      };
    })
    .filter((r) => r.dispatches > 0);
}

/** Any report's rows as CSV, columns in the order of the first row's keys; times as ISO 8601. */
export function reportCsv<T extends object>(rows: readonly T[], header: readonly Extract<keyof T, string>[]): string {
  return toCsv(
    header,
    rows.map((row) =>
      header.map((key) => {
        const value = row[key] as unknown;
        if (key.endsWith('At') && typeof value === 'number') return new Date(value).toISOString();
        return value as string | number | boolean | null;
      }),
    ),
  );
}
