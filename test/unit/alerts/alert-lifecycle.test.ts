import { describe, expect, it } from 'vitest';
import {
  acknowledgeAlert,
  allowedActions,
  decideForTransition,
  raiseAlert,
  resolveAlert,
  resolveAutomatically,
  updateAlert,
} from '../../../server/alerts/alert-lifecycle.ts';
import type { CapSeverity } from '../../../rules/engine/cap-vocabulary.ts';
import { MIN, T0, places, record, transition } from './fixtures.ts';

const place = { name: 'Polygyros station', lat: 40.381, lon: 23.446, villageId: 'polygyros' };

describe('officers: acknowledge and resolve', () => {
  it.each([
    { state: 'firing', allowed: ['acknowledge', 'resolve'] },
    { state: 'acknowledged', allowed: ['resolve'] },
    { state: 'resolved', allowed: [] },
  ] as const)('a $state alert allows $allowed', ({ state, allowed }) => {
    expect(allowedActions(state)).toEqual(allowed);
  });

  it('acknowledging a firing alert records who, when and the comment', () => {
    const r = acknowledgeAlert(record(), 'maria', 'Crew on the way', T0 + MIN);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.step.alert).toMatchObject({ state: 'acknowledged', acknowledged: { by: 'maria', at: T0 + MIN, comment: 'Crew on the way' }, updatedAt: T0 + MIN });
    expect(r.step.event).toEqual({ kind: 'acknowledged', by: 'maria', message: 'Crew on the way' });
    expect(r.step.notify).toBeNull();
  });

  it.each([
    { state: 'acknowledged', code: 'alert_already_acknowledged', allowed: ['resolve'] },
    { state: 'resolved', code: 'alert_resolved', allowed: [] },
  ] as const)('acknowledging a $state alert is a conflict naming what is allowed', ({ state, code, allowed }) => {
    const r = acknowledgeAlert(record({ state, acknowledged: { by: 'nikos', at: T0, comment: 'seen' } }), 'maria', 'again', T0 + MIN);
    expect(r).toMatchObject({ ok: false, conflict: { code, allowed } });
  });

  it.each(['firing', 'acknowledged'] as const)('resolving a %s alert by hand keeps the engine watching', (state) => {
    const r = resolveAlert(record({ state }), 'maria', 'Checked on site: a fallen branch', T0 + MIN);
    expect(r.ok && r.step.alert).toMatchObject({ state: 'resolved', resolved: { by: 'maria', automatic: false, comment: 'Checked on site: a fallen branch' }, engineActive: true });
  });

  it('resolving a resolved alert is a conflict', () => {
    expect(resolveAlert(record({ state: 'resolved' }), 'maria', 'x', T0)).toMatchObject({ ok: false, conflict: { code: 'alert_resolved', allowed: [] } });
  });

  it('the engine resolves automatically and lets go of the condition', () => {
    const step = resolveAutomatically(record(), 'Wind gust is back to 50 km/h.', T0 + MIN, T0 + MIN, 50);
    expect(step.alert).toMatchObject({ state: 'resolved', value: 50, resolved: { by: 'system', automatic: true }, engineActive: false });
  });
});

describe('engine transitions on an alert', () => {
  it('a raise opens a firing alert at the subject, to be told to the first level', () => {
    const step = raiseAlert(transition(), 'a-9', place, T0);
    expect(step.alert).toMatchObject({ id: 'a-9', state: 'firing', subjectName: 'Polygyros station', lat: 40.381, escalationLevel: -1, engineActive: true });
    expect(step.notify).toEqual({ reason: 'raised', level: 'first' });
  });

  const cases: { name: string; state: 'firing' | 'acknowledged'; to: CapSeverity; want: object; notify: object | null }[] = [
    { name: 'acknowledged, severity up: firing again, a new acknowledgement needed', state: 'acknowledged', to: 'Severe', want: { state: 'firing', acknowledged: null, escalationLevel: -1, escalationSince: T0 + MIN }, notify: { reason: 'reescalated', level: 'first' } },
    { name: 'acknowledged, same severity (new peak): stays acknowledged', state: 'acknowledged', to: 'Moderate', want: { state: 'acknowledged', peak: 95 }, notify: null },
    { name: 'acknowledged, severity down: stays acknowledged', state: 'acknowledged', to: 'Minor', want: { state: 'acknowledged', severity: 'Minor' }, notify: null },
    { name: 'firing, severity up: told again at the level reached', state: 'firing', to: 'Severe', want: { state: 'firing', severity: 'Severe', escalationLevel: 1 }, notify: { reason: 'reescalated', level: 'current' } },
    { name: 'firing, new peak: no new notification', state: 'firing', to: 'Moderate', want: { state: 'firing', peak: 95 }, notify: null },
  ];
  it.each(cases)('$name', ({ state, to, want, notify }) => {
    const before = record({ state, escalationLevel: 1, acknowledged: state === 'acknowledged' ? { by: 'maria', at: T0, comment: 'ok' } : null });
    const step = updateAlert(before, transition({ kind: 'update', severity: to, value: 95, peak: 95, observedAt: T0 + MIN }), place, T0 + MIN);
    expect(step.alert).toMatchObject(want);
    expect(step.notify).toEqual(notify);
  });

  it('says in the history why an acknowledged alert fires again', () => {
    const before = record({ state: 'acknowledged', acknowledged: { by: 'maria', at: T0, comment: 'ok' } });
    const step = updateAlert(before, transition({ kind: 'update', severity: 'Extreme' }), place, T0 + MIN);
    expect(step.event.kind).toBe('reescalated');
    expect(step.event.message).toContain('Moderate → Extreme');
    expect(step.event.message).toContain('maria');
  });
});

describe('which alert an engine transition belongs to (one open alert per rule and subject)', () => {
  const open = record();
  const held = record({ id: 'a-held', state: 'resolved', severity: 'Moderate', engineActive: true });
  it.each([
    { name: 'raise, nothing known: open', kind: 'raise', severity: 'Moderate', open: undefined, held: undefined, want: { kind: 'open', release: null } },
    { name: 'raise, open alert exists: update it', kind: 'raise', severity: 'Moderate', open, held: undefined, want: { kind: 'update', alert: open } },
    { name: 'raise after a hand resolution: a new alert, the old one released', kind: 'raise', severity: 'Moderate', open: undefined, held, want: { kind: 'open', release: held } },
    { name: 'update of the open alert', kind: 'update', severity: 'Severe', open, held: undefined, want: { kind: 'update', alert: open } },
    { name: 'update after a hand resolution, same severity: ignored', kind: 'update', severity: 'Moderate', open: undefined, held, want: { kind: 'ignore' } },
    { name: 'update after a hand resolution, worse: a new alert', kind: 'update', severity: 'Severe', open: undefined, held, want: { kind: 'open', release: held } },
    { name: 'update nobody knows (after a crash): open, so nothing is hidden', kind: 'update', severity: 'Moderate', open: undefined, held: undefined, want: { kind: 'open', release: null } },
    { name: 'clear of the open alert', kind: 'clear', severity: 'Moderate', open, held: undefined, want: { kind: 'clear', alert: open } },
    { name: 'clear after a hand resolution: release it', kind: 'clear', severity: 'Moderate', open: undefined, held, want: { kind: 'release', alert: held } },
    { name: 'clear nobody knows: ignored', kind: 'clear', severity: 'Moderate', open: undefined, held: undefined, want: { kind: 'ignore' } },
  ] as const)('$name', ({ kind, severity, open, held, want }) => {
    expect(decideForTransition(transition({ kind, severity }), open, held)).toEqual(want);
  });

  it('places are looked up in the fixtures registry', () => {
    expect(places.sensor('ws-1')?.name).toBe('Polygyros station');
  });
});
