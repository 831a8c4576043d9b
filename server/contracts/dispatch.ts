import type { DispatchHazard, MachineType } from './machinery.ts';

/**
 * Dispatch of machinery to an alert or a manual incident, on the wire: the dispatch lifecycle, the
 * ranked suggestions with their reasons, village coverage, and the contractor's job page.
 */

/**
 * requested → accepted | declined; accepted → en_route → on_site → released;
 * requested, accepted, en_route and on_site → cancelled. declined, released and cancelled are final.
 */
export const DISPATCH_STATUSES = ['requested', 'accepted', 'declined', 'en_route', 'on_site', 'released', 'cancelled'] as const;
export type DispatchStatus = (typeof DISPATCH_STATUSES)[number];
export const OPEN_DISPATCH_STATUSES = ['requested', 'accepted', 'en_route', 'on_site'] as const satisfies readonly DispatchStatus[];

/**
 * What a machine is sent to. Alerts come from the alerts service, incidents from officers; both
 * resolve to this, so suggestion and dispatch do not care which.
 */
export interface DispatchTarget {
  readonly kind: 'alert' | 'incident';
  readonly id: string;
  readonly hazard: DispatchHazard;
  readonly lat: number;
  readonly lon: number;
  readonly villageId?: string;
  /** One line for the contractor and the report: "Smoke near Taxiarchis", an alert's title. */
  readonly description?: string;
  /** When the alert fired or the incident was reported, epoch ms: the start of "time to dispatch". */
  readonly createdAt?: number;
}

/** A place to send a machine without an alert or incident behind it (the suggestion query by point). */
export interface DispatchPoint {
  readonly hazard: DispatchHazard;
  readonly lat: number;
  readonly lon: number;
  readonly villageId?: string;
}

export interface DispatchStep {
  readonly status: DispatchStatus;
  readonly at: number;
  /** A user name, `contractor:<contractor id>`, or `system`. */
  readonly by: string;
  readonly note: string | null;
}

export interface DispatchNotification {
  readonly channel: 'sms' | 'email';
  /** The adapter that carried it: `log` means it was only written to the server log (demo, tests). */
  readonly via: string;
  readonly to: string;
  readonly ok: boolean;
  readonly error: string | null;
  readonly at: number;
}

export interface DispatchView {
  readonly id: string;
  readonly status: DispatchStatus;
  readonly machineId: string;
  readonly machineType: MachineType;
  readonly plateOrSerial: string;
  readonly contractorId: string;
  readonly contractorName: string;
  readonly target: {
    readonly kind: DispatchTarget['kind'];
    readonly id: string;
    readonly hazard: DispatchHazard;
    readonly lat: number;
    readonly lon: number;
    readonly villageId: string | null;
    readonly description: string | null;
    readonly createdAt: number | null;
  };
  readonly note: string | null;
  readonly requestedAt: number;
  readonly requestedBy: string;
  /** The first time each status was reached, epoch ms. */
  readonly times: Readonly<Partial<Record<DispatchStatus, number>>>;
  readonly steps: readonly DispatchStep[];
  /** The machine's newest position while the dispatch is open, from the contractor's phone. */
  readonly position: { readonly lat: number; readonly lon: number; readonly at: number } | null;
  /** When the contractor's link stops working, epoch ms. */
  readonly linkExpiresAt: number;
  readonly notifications: readonly DispatchNotification[];
  /** Statuses an officer may move it to now. */
  readonly allowed: readonly DispatchStatus[];
}

export interface Incident {
  readonly id: string;
  readonly hazard: DispatchHazard;
  readonly lat: number;
  readonly lon: number;
  /** The village it is in or nearest to. */
  readonly villageId: string | null;
  readonly description: string;
  /** Who reported it: "citizen call", "field patrol", a name. */
  readonly source: string | null;
  readonly status: 'open' | 'closed';
  readonly createdAt: number;
  readonly createdBy: string;
  readonly closedAt: number | null;
}

/** A reason in words, with a code and parameters so a dashboard can say it in its own language. */
export interface RankingReason {
  readonly code:
    | 'suited'
    | 'distance'
    | 'position'
    | 'available'
    | 'busy'
    | 'out_of_service'
    | 'contract_ending'
    | 'contract_invalid'
    | 'coverage_kept'
    | 'coverage_lost'
    | 'capacity';
  /** True when the reason counts against the machine. */
  readonly negative: boolean;
  readonly text: string;
  readonly params: Readonly<Record<string, string | number>>;
}

export interface RankedMachine {
  readonly rank: number;
  readonly machineId: string;
  readonly machineType: MachineType;
  readonly plateOrSerial: string;
  readonly contractorId: string;
  readonly contractorName: string;
  /** False when it cannot be sent now (busy, out of service, contract not valid); listed for context. */
  readonly dispatchable: boolean;
  /** Estimated road distance: great-circle distance × the road factor, km. */
  readonly roadKm: number;
  readonly etaMin: number;
  /** What sorts the list: ETA plus penalties, minutes. Lower is better. */
  readonly costMin: number;
  /** Villages and hazards this machine's departure would leave without an available machine. */
  readonly leavesUncovered: readonly { readonly villageId: string; readonly hazard: DispatchHazard }[];
  readonly reasons: readonly RankingReason[];
}

export const COVERAGE_STATES = ['covered', 'busy', 'uncovered'] as const;
/** covered: an available machine in reach; busy: machines in reach, all on dispatches; uncovered: none. */
export type CoverageState = (typeof COVERAGE_STATES)[number];

export interface HazardCoverage {
  readonly state: CoverageState;
  /** Suitable machines within the radius on a valid contract (available or busy), nearest first. */
  readonly machineIds: readonly string[];
  readonly nearest: { readonly machineId: string; readonly type: MachineType; readonly km: number } | null;
}

export interface VillageCoverage {
  readonly villageId: string;
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  readonly hazards: Readonly<Record<DispatchHazard, HazardCoverage>>;
}

export interface CoverageWarning {
  readonly code: 'contract_expiring' | 'contract_expired' | 'contract_not_started' | 'village_uncovered' | 'coverage_expiring';
  readonly text: string;
  readonly contractorId?: string;
  readonly villageId?: string;
  readonly hazard?: DispatchHazard;
  readonly daysLeft?: number;
}

export interface CoverageReport {
  /** The local date the contracts were judged on, YYYY-MM-DD. */
  readonly today: string;
  readonly radiusKm: number;
  readonly villages: readonly VillageCoverage[];
  readonly warnings: readonly CoverageWarning[];
}

/** What the contractor's phone page shows: enough to find the place and decide, nothing more. */
export interface ContractorJob {
  readonly dispatchId: string;
  readonly status: DispatchStatus;
  readonly hazard: DispatchHazard;
  readonly description: string | null;
  readonly note: string | null;
  readonly lat: number;
  readonly lon: number;
  readonly villageName: string | null;
  readonly machine: { readonly type: MachineType; readonly plateOrSerial: string };
  readonly contractorName: string;
  readonly requestedAt: number;
  readonly linkExpiresAt: number;
  /** What the contractor can do next. */
  readonly actions: readonly ContractorAction[];
  /** The operations room's phone, for questions. */
  readonly operationsPhone: string | null;
  /** The region's language (el, pl, en): the page's default when the phone's language is not one it has. */
  readonly language: string;
}

export const CONTRACTOR_ACTIONS = ['accept', 'decline', 'en_route', 'on_site'] as const;
export type ContractorAction = (typeof CONTRACTOR_ACTIONS)[number];

/** The header the contractor's page sends its signed link in (the link itself travels in the URL fragment). */
export const CONTRACTOR_LINK_HEADER = 'x-skopia-link';
