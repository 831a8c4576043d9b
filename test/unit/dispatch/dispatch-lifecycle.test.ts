import { describe, expect, it } from 'vitest';
import { DISPATCH_STATUSES, type DispatchStatus } from '../../../server/contracts/dispatch.ts';
import {
  acceptsPosition,
  allowedTransitions,
  checkTransition,
  contractorActions,
  isOpenDispatch,
  machineStatusFor,
  statusForAction,
} from '../../../server/dispatch/dispatch-lifecycle.ts';

/** Every (from, to) pair an officer may take; anything not listed is refused. */
const OFFICER: Record<DispatchStatus, DispatchStatus[]> = {
  requested: ['accepted', 'declined', 'cancelled'],
  accepted: ['en_route', 'cancelled'],
  en_route: ['on_site', 'cancelled'],
  on_site: ['released', 'cancelled'],
  declined: [],
  released: [],
  cancelled: [],
};
/** The contractor answers and reports progress, and never cancels or releases. */
const CONTRACTOR: Record<DispatchStatus, DispatchStatus[]> = {
  requested: ['accepted', 'declined'],
  accepted: ['en_route'],
  en_route: ['on_site'],
  on_site: [],
  declined: [],
  released: [],
  cancelled: [],
};

const pairs = DISPATCH_STATUSES.flatMap((from) => DISPATCH_STATUSES.map((to) => [from, to] as const));

describe('dispatch lifecycle', () => {
  it.each(pairs)('officer: %s → %s', (from, to) => {
    const verdict = checkTransition(from, to, 'officer');
    expect(verdict.ok).toBe(OFFICER[from].includes(to));
    if (!verdict.ok) expect(verdict.allowed).toEqual(OFFICER[from]);
  });

  it.each(pairs)('contractor: %s → %s', (from, to) => {
    const verdict = checkTransition(from, to, 'contractor');
    expect(verdict.ok).toBe(CONTRACTOR[from].includes(to));
    if (!verdict.ok) expect(verdict.allowed).toEqual(CONTRACTOR[from]);
  });

  it.each([
    ['requested', 'on_site', 'officer', 'A dispatch that is requested cannot become on site; it can become accepted or declined or cancelled.'],
    ['released', 'cancelled', 'officer', 'The dispatch is released and can no longer change.'],
    ['on_site', 'released', 'contractor', 'Only the operations room can move a dispatch from on site to released.'],
    ['accepted', 'cancelled', 'contractor', 'Only the operations room can move a dispatch from accepted to cancelled.'],
  ] as const)('%s → %s by the %s is refused with a sentence that says what is possible', (from, to, by, message) => {
    const verdict = checkTransition(from, to, by);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.message).toBe(message);
  });

  it.each([
    ['requested', 'dispatched', true],
    ['accepted', 'accepted', true],
    ['en_route', 'en_route', true],
    ['on_site', 'on_scene', true],
    ['declined', 'available', false],
    ['released', 'available', false],
    ['cancelled', 'available', false],
  ] as const)('a %s dispatch puts its machine %s (open: %s)', (status, machineStatus, open) => {
    expect(machineStatusFor(status)).toBe(machineStatus);
    expect(isOpenDispatch(status)).toBe(open);
  });

  it('offers the contractor exactly the buttons its next steps allow', () => {
    expect(DISPATCH_STATUSES.map((s) => [s, contractorActions(s)])).toEqual([
      ['requested', ['accept', 'decline']],
      ['accepted', ['en_route']],
      ['declined', []],
      ['en_route', ['on_site']],
      ['on_site', []],
      ['released', []],
      ['cancelled', []],
    ]);
    expect(contractorActions('requested').map(statusForAction)).toEqual(['accepted', 'declined']);
  });

  it('takes positions from acceptance until release', () => {
    expect(DISPATCH_STATUSES.filter(acceptsPosition)).toEqual(['accepted', 'en_route', 'on_site']);
  });

  it('lists allowed transitions per actor', () => {
    expect(allowedTransitions('requested', 'officer')).toEqual(['accepted', 'declined', 'cancelled']);
    expect(allowedTransitions('requested', 'contractor')).toEqual(['accepted', 'declined']);
  });
});
