import type { RoleName } from '../../../server/contracts/accounts.ts';
import type { AlertState } from '../../../server/contracts/alerts.ts';
import type { DispatchStatus } from '../../../server/contracts/dispatch.ts';
import type { DispatchHazard, MachineStatus } from '../../../server/contracts/machinery.ts';

/**
 * The domain's word lists the dashboard iterates over (filters, legends). They are restated here rather
 * than imported from server/contracts, whose modules also build zod schemas and would pull zod into the
 * browser bundle; `Complete` makes the compiler refuse a list that misses a word of the contract.
 */
type Complete<Union extends string, List extends readonly Union[]> = [Union] extends [List[number]] ? List : never;

export { CAP_SEVERITIES, type CapSeverity } from '../../../rules/engine/cap-vocabulary.ts';
import { HAZARDS as HAZARD_LIST, type Hazard } from '../../../rules/hazards/machine-types.ts';
export { HAZARDS, MACHINE_TYPES, type Hazard, type MachineType } from '../../../rules/hazards/machine-types.ts';

const machineStatuses = ['available', 'dispatched', 'accepted', 'en_route', 'on_scene', 'out_of_service'] as const;
export const MACHINE_STATUSES: Complete<MachineStatus, typeof machineStatuses> = machineStatuses;

const dispatchHazards = ['fire', 'flood', 'storm', 'snow'] as const;
export const DISPATCH_HAZARDS: Complete<DispatchHazard, typeof dispatchHazards> = dispatchHazards;

const alertStates = ['firing', 'acknowledged', 'resolved'] as const;
export const ALERT_STATES: Complete<AlertState, typeof alertStates> = alertStates;

const dispatchStatuses = ['requested', 'accepted', 'declined', 'en_route', 'on_site', 'released', 'cancelled'] as const;
export const DISPATCH_STATUSES: Complete<DispatchStatus, typeof dispatchStatuses> = dispatchStatuses;

/** Least to most: admin ⊃ operator ⊃ viewer. */
const roles = ['viewer', 'operator', 'admin'] as const;
export const ROLES: Complete<RoleName, typeof roles> = roles;

export function isHazard(value: string): value is Hazard {
  return (HAZARD_LIST as readonly string[]).includes(value);
}
