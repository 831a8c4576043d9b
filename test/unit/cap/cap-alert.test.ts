import { describe, expect, it } from 'vitest';
import { capAreaFor, capMessageFor, capMsgTypeFor, type CapContext } from '../../../server/cap/cap-alert.ts';
import { buildCapMessage } from '../../../server/cap/cap-message.ts';
import type { StoredCapMessage } from '../../../server/cap/cap-store.ts';
import { formatCapTime } from '../../../server/cap/cap-time.ts';
import { alertView } from '../../../server/alerts/alert-view.ts';
import { NO_NOTIFICATIONS } from '../../../server/alerts/notification-store.ts';
import type { AlertChange } from '../../../server/contracts/alerts.ts';
import { record, T0, MIN } from '../alerts/fixtures.ts';
import { capSchemaErrors, canValidateCap } from './xmllint.ts';

const POLYGON = '40.30000,23.30000 40.50000,23.30000 40.50000,23.60000 40.30000,23.30000';

const ctx: CapContext = {
  sender: 'civil-protection@polygyros.gr',
  status: 'Actual',
  language: 'en',
  senderName: 'Municipality of Polygyros',
  municipality: { name: 'Municipality of Polygyros', polygons: [POLYGON], fallbackCircle: '40.40000,23.40000 30.0' },
  villageName: (id) => ({ polygyros: 'Polygyros', taxiarchis: 'Taxiarchis' })[id] ?? null,
  conditionKindOf: (ruleId) => ({ 'fire-danger-fwi': 'fire_weather_index', 'flood-gauge-levels': 'gauge_levels' })[ruleId] ?? null,
  webFor: () => undefined,
  identifierFor: (id, seq) => `skopia-polygyros-${id}-${seq}`,
};

const gaugeAlert = alertView(
  record({ id: 'a1', ruleId: 'flood-gauge-levels', ruleName: 'River above warning or alarm level', hazard: 'flood', subjectType: 'gauge', subjectId: 'wl-1', subjectName: 'Torrent gauge', severity: 'Severe', unit: 'cm', value: 190, peak: 190, lat: 40.39, lon: 23.45 }),
  NO_NOTIFICATIONS,
);

function stored(seq: number, msgType: StoredCapMessage['msgType'], sentAt: number): StoredCapMessage {
  return { identifier: `skopia-polygyros-a1-${seq}`, alertId: 'a1', seq, msgType, sender: ctx.sender, sent: formatCapTime(sentAt), sentAt, headline: '', description: '', xml: '' };
}

describe('which CAP message a change calls for', () => {
  const firing = gaugeAlert;
  const resolved = { ...gaugeAlert, state: 'resolved' as const };
  const one = [stored(1, 'Alert', T0)];
  it.each<[string, AlertChange, typeof firing, StoredCapMessage[], string | null]>([
    ['first publication: Alert', 'raised', firing, [], 'Alert'],
    ['a change of the danger: Update', 'updated', firing, one, 'Update'],
    ['worse again after an acknowledgement: Update', 'reescalated', firing, one, 'Update'],
    ['an acknowledgement is internal: nothing', 'acknowledged', firing, one, null],
    ['an escalation is internal: nothing', 'escalated', firing, one, null],
    ['a notification failure is internal: nothing', 'notification', firing, one, null],
    ['resolution: Cancel', 'resolved', resolved, one, 'Cancel'],
    ['after a Cancel: nothing more', 'updated', firing, [...one, stored(2, 'Cancel', T0 + MIN)], null],
    ['resolved before it was ever published: nothing', 'resolved', resolved, [], null],
    ['not public: nothing', 'raised', { ...firing, public: false }, [], null],
  ])('%s', (_name, change, alert, previous, want) => {
    expect(capMsgTypeFor(change, alert, previous)).toBe(want);
  });
});

describe('CAP area', () => {
  it('a gauge: a circle around it, lat,lon radius', () => {
    expect(capAreaFor(gaugeAlert, 'gauge_levels', ctx)).toEqual({ areaDesc: 'Around Torrent gauge, Polygyros', polygons: [], circles: ['40.39000,23.45000 2.0'] });
  });

  it('fire weather danger: the municipality polygon', () => {
    const fwi = { ...gaugeAlert, ruleId: 'fire-danger-fwi', hazard: 'fire' as const };
    expect(capAreaFor(fwi, 'fire_weather_index', ctx)).toEqual({ areaDesc: 'Municipality of Polygyros', polygons: [POLYGON], circles: [] });
  });

  it('a corroborated fire: a circle around its sensors, named by the village', () => {
    const cluster = { ...gaugeAlert, hazard: 'fire' as const, subject: { type: 'village' as const, id: 'taxiarchis', name: 'Taxiarchis' }, position: { lat: 40.445, lon: 23.51 } };
    expect(capAreaFor(cluster, 'fire_correlation', ctx)).toEqual({ areaDesc: 'Taxiarchis and surroundings', polygons: [], circles: ['40.44500,23.51000 3.0'] });
  });

  it('storm without a boundary: the circle around the region', () => {
    const storm = { ...gaugeAlert, hazard: 'storm' as const };
    expect(capAreaFor(storm, 'threshold', { ...ctx, municipality: { ...ctx.municipality, polygons: [] } }).circles).toEqual(['40.40000,23.40000 30.0']);
  });
});

describe('Alert, Update, Cancel of one alert', () => {
  it('each names every earlier message in references, and the Cancel says the danger is past', () => {
    const alert = capMessageFor(gaugeAlert, 'Alert', [], T0, ctx);
    expect(alert.identifier).toBe('skopia-polygyros-a1-1');
    expect(alert.references).toEqual([]);
    const s1 = stored(1, 'Alert', T0);
    const update = capMessageFor({ ...gaugeAlert, peak: 230 }, 'Update', [s1], T0 + MIN, ctx);
    expect(update.identifier).toBe('skopia-polygyros-a1-2');
    expect(update.references).toEqual([{ sender: ctx.sender, identifier: 'skopia-polygyros-a1-1', sent: '2024-07-15T08:00:00+00:00' }]);
    const s2 = stored(2, 'Update', T0 + MIN);
    const resolved = { ...gaugeAlert, state: 'resolved' as const, resolved: { by: 'maria', at: T0 + 2 * MIN, comment: 'False alarm: kids at the gauge', automatic: false } };
    const cancel = capMessageFor(resolved, 'Cancel', [s1, s2], T0 + 2 * MIN, ctx);
    expect(cancel.references.map((r) => r.identifier)).toEqual(['skopia-polygyros-a1-1', 'skopia-polygyros-a1-2']);
    expect(cancel.info.urgency).toBe('Past');
    // An officer's comment stays internal.
    expect(buildCapMessage(cancel)).not.toContain('kids');
    if (canValidateCap()) for (const m of [alert, update, cancel]) expect(capSchemaErrors(buildCapMessage(m)), m.msgType).toBe('');
  });
});
