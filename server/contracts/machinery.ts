import { z } from 'zod';
import { MACHINE_TYPES, type Hazard, type MachineType } from '../../rules/hazards/machine-types.ts';

/**
 * The contractor registry as the API and the dashboards see it (DOMAIN.md §6): contractors on a
 * tender contract, their machines, and the machines' live status. Input validation (tax ids, phone
 * numbers, village references) lives in server/registry/; these are the shapes on the wire.
 */

export { MACHINE_TYPES, type MachineType };
export const MachineTypeSchema = z.enum(MACHINE_TYPES, { message: `expected one of ${MACHINE_TYPES.join(', ')}` });

/** The hazards a machine can be sent against; `sensor_fault` calls for a technician, not machinery. */
export const DISPATCH_HAZARDS = ['fire', 'flood', 'storm', 'snow'] as const satisfies readonly Hazard[];
export type DispatchHazard = (typeof DISPATCH_HAZARDS)[number];
export const DispatchHazardSchema = z.enum(DISPATCH_HAZARDS, { message: `expected one of ${DISPATCH_HAZARDS.join(', ')}` });

/**
 * A machine's status follows its dispatch (requested → dispatched, on_site → on_scene); released,
 * declined and cancelled dispatches make it available again. out_of_service is set by an admin.
 */
export const MACHINE_STATUSES = ['available', 'dispatched', 'accepted', 'en_route', 'on_scene', 'out_of_service'] as const;
export type MachineStatus = (typeof MACHINE_STATUSES)[number];

/** Hourly rates by machine type, in the region's currency (EUR for Greece, PLN for Poland). */
export type HourlyRates = Readonly<Partial<Record<MachineType, number>>>;

export interface Contractor {
  readonly id: string;
  readonly name: string;
  /** Greek AFM (9 digits) or Polish NIP (10 digits), digits only. */
  readonly taxId: string;
  /** E.164, e.g. +306912345678: where dispatch links are sent by SMS. */
  readonly phone: string;
  readonly email: string | null;
  /** Tender or contract reference, e.g. "Δ.Π. 14/2026". */
  readonly contractRef: string;
  /** First and last day of the contract, local dates YYYY-MM-DD, both inclusive. */
  readonly contractStart: string;
  readonly contractEnd: string;
  readonly hourlyRates: HourlyRates;
  readonly notes: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A contractor as the registry screens list it: the record, where its contract stands, its machines. */
export interface ContractorView extends Contractor {
  readonly contractState: 'valid' | 'not_started' | 'expired';
  /** Days until the last day of the contract (0 on that day); negative once it has ended. */
  readonly daysLeft: number;
  readonly machineCount: number;
}

/** What a machine can do, where it matters for choosing one. All optional; positive numbers. */
export interface MachineCapabilities {
  readonly tankLitres?: number;
  readonly bucketM3?: number;
  readonly pumpM3h?: number;
  readonly kW?: number;
}
export const CAPABILITY_KEYS = ['tankLitres', 'bucketM3', 'pumpM3h', 'kW'] as const satisfies readonly (keyof MachineCapabilities)[];

export interface MachinePosition {
  readonly lat: number;
  readonly lon: number;
  /** When it was reported, epoch ms; null for the home village (never reported). */
  readonly at: number | null;
  /** `home`: the home village's coordinates; `reported`: the contractor's phone sent it. */
  readonly source: 'home' | 'reported';
}

export interface Machine {
  readonly id: string;
  readonly type: MachineType;
  /** Registration plate, or the serial number for machines without one (pumps, generators). */
  readonly plateOrSerial: string;
  readonly model: string | null;
  readonly contractorId: string;
  readonly homeVillageId: string;
  readonly capabilities: MachineCapabilities;
  readonly status: MachineStatus;
  readonly position: MachinePosition;
  readonly notes: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A machine as the live map shows it: the record, its contractor's name and its open dispatch. */
export interface MachineView extends Machine {
  readonly contractorName: string;
  readonly dispatchId: string | null;
}

/** One bad cell of a CSV import: row 1 is the header, so row numbers match a spreadsheet's. */
export interface CsvProblem {
  readonly row: number;
  readonly column: string;
  readonly reason: string;
}

export interface CsvImportResult {
  readonly created: number;
  readonly updated: number;
  /** True when nothing was written because the request asked only to check the file. */
  readonly dryRun: boolean;
}
