import type { MachineStatus } from '../contracts/machinery.ts';
import { OPEN_DISPATCH_STATUSES, type ContractorAction, type DispatchStatus } from '../contracts/dispatch.ts';

/**
 * The dispatch state machine (DOMAIN.md §6, the unit lifecycle of dispatch systems). Pure.
 *
 *   requested ──▶ accepted ──▶ en_route ──▶ on_site ──▶ released
 *       │            │            │            │
 *       ├─▶ declined └────────────┴────────────┴──▶ cancelled
 *       └───────────────────────────────────────────▶ cancelled
 */
const NEXT: Readonly<Record<DispatchStatus, readonly DispatchStatus[]>> = {
  requested: ['accepted', 'declined', 'cancelled'],
  accepted: ['en_route', 'cancelled'],
  en_route: ['on_site', 'cancelled'],
  on_site: ['released', 'cancelled'],
  declined: [],
  released: [],
  cancelled: [],
};

/** Who moves a dispatch on. The contractor answers and reports progress; officers may do anything (a phoned-in answer too). */
export type DispatchActorKind = 'officer' | 'contractor';

const CONTRACTOR_MAY: ReadonlySet<DispatchStatus> = new Set(['accepted', 'declined', 'en_route', 'on_site']);

export function isOpenDispatch(status: DispatchStatus): boolean {
  return (OPEN_DISPATCH_STATUSES as readonly DispatchStatus[]).includes(status);
}

export function allowedTransitions(from: DispatchStatus, by: DispatchActorKind): readonly DispatchStatus[] {
  const next = NEXT[from];
  return by === 'officer' ? next : next.filter((s) => CONTRACTOR_MAY.has(s));
}

export type TransitionVerdict =
  | { readonly ok: true; readonly to: DispatchStatus }
  | { readonly ok: false; readonly allowed: readonly DispatchStatus[]; readonly message: string };

export function checkTransition(from: DispatchStatus, to: DispatchStatus, by: DispatchActorKind): TransitionVerdict {
  const allowed = allowedTransitions(from, by);
  if (allowed.includes(to)) return { ok: true, to };
  const words = (s: DispatchStatus) => s.replaceAll('_', ' ');
  let message: string;
  if (NEXT[from].includes(to)) message = `Only the operations room can move a dispatch from ${words(from)} to ${words(to)}.`;
  else if (NEXT[from].length === 0) message = `The dispatch is ${words(from)} and can no longer change.`;
  else if (allowed.length === 0) message = `The dispatch is ${words(from)}; the operations room ends it.`;
  else message = `A dispatch that is ${words(from)} cannot become ${words(to)}; it can become ${allowed.map(words).join(' or ')}.`;
  return { ok: false, allowed, message };
}

/** The machine's status while its dispatch is in a given status; a closed dispatch frees it. */
export function machineStatusFor(status: DispatchStatus): MachineStatus {
  switch (status) {
    case 'requested':
      return 'dispatched';
    case 'accepted':
      return 'accepted';
    case 'en_route':
      return 'en_route';
    case 'on_site':
      return 'on_scene';
    case 'declined':
    case 'released':
    case 'cancelled':
      return 'available';
  }
}

const ACTION_STATUS: Readonly<Record<ContractorAction, DispatchStatus>> = {
  accept: 'accepted',
  decline: 'declined',
  en_route: 'en_route',
  on_site: 'on_site',
};

export function statusForAction(action: ContractorAction): DispatchStatus {
  return ACTION_STATUS[action];
}

export function contractorActions(status: DispatchStatus): ContractorAction[] {
  const allowed = allowedTransitions(status, 'contractor');
  return (Object.keys(ACTION_STATUS) as ContractorAction[]).filter((a) => allowed.includes(ACTION_STATUS[a]));
}

/** Positions are worth sharing from acceptance until the machine is on site (and while there). */
export function acceptsPosition(status: DispatchStatus): boolean {
  return status === 'accepted' || status === 'en_route' || status === 'on_site';
}
