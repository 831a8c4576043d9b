import { describe, expect, it } from 'vitest';
import { buildCapMessage, formatReferences, type CapMessageInput } from '../../../server/cap/cap-message.ts';
import { formatCapTime } from '../../../server/cap/cap-time.ts';
import { escapeXml } from '../../../server/cap/xml-text.ts';
import { capSchemaErrors, canValidateCap } from './xmllint.ts';

const T = Date.UTC(2024, 6, 15, 8, 30, 12, 345);

function message(over: Partial<CapMessageInput> = {}): CapMessageInput {
  return {
    identifier: 'skopia-polygyros-a1-1',
    sender: 'civil-protection@polygyros.gr',
    sent: T,
    status: 'Actual',
    msgType: 'Alert',
    references: [],
    info: {
      language: 'en',
      category: 'Met',
      event: 'River above warning or alarm level',
      urgency: 'Immediate',
      severity: 'Severe',
      certainty: 'Observed',
      effective: T,
      senderName: 'Municipality of Polygyros',
      headline: 'River above alarm level – Polygyros torrent',
      description: 'Water level at Polygyros torrent is 190 cm, above the alarm level 180 cm & rising <fast>.',
      parameters: [{ valueName: 'skopia:rule', value: 'flood-gauge-levels' }],
      area: { areaDesc: 'Around Polygyros torrent gauge, Polygyros', polygons: [], circles: ['40.39000,23.45000 2.0'] },
    },
    ...over,
  };
}

describe('CAP times', () => {
  it.each([
    [T, '2024-07-15T08:30:12+00:00'],
    [Date.UTC(2024, 11, 31, 23, 59, 59, 999), '2024-12-31T23:59:59+00:00'],
  ])('%d is written %s, with +00:00 and no fraction, never Z', (ms, want) => {
    expect(formatCapTime(ms)).toBe(want);
    expect(formatCapTime(ms)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  });
});

describe('CAP message', () => {
  it('escapes every text', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>\u0001`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;\uFFFD');
    const xml = buildCapMessage(message());
    expect(xml).toContain('<description>Water level at Polygyros torrent is 190 cm, above the alarm level 180 cm &amp; rising &lt;fast&gt;.</description>');
    expect(xml).not.toContain('Z</');
  });

  it('writes references as sender,identifier,sent triples separated by spaces', () => {
    const refs = [
      { sender: 'cp@polygyros.gr', identifier: 'id-1', sent: '2024-07-15T08:30:12+00:00' },
      { sender: 'cp@polygyros.gr', identifier: 'id-2', sent: '2024-07-15T09:00:00+00:00' },
    ];
    expect(formatReferences(refs)).toBe('cp@polygyros.gr,id-1,2024-07-15T08:30:12+00:00 cp@polygyros.gr,id-2,2024-07-15T09:00:00+00:00');
    expect(buildCapMessage(message({ msgType: 'Update', references: refs }))).toContain(`<references>${formatReferences(refs)}</references>`);
  });

  it('refuses what CAP forbids: an Update without references, a space in the identifier', () => {
    expect(() => buildCapMessage(message({ msgType: 'Update' }))).toThrow(/must reference/);
    expect(() => buildCapMessage(message({ identifier: 'a b' }))).toThrow(/space/);
    expect(() => buildCapMessage(message({ sender: 'a,b' }))).toThrow(/comma/);
  });

  it.runIf(canValidateCap())('validates against the OASIS CAP 1.2 schema: Alert, Update (polygon), Cancel', () => {
    const ref = [{ sender: 'civil-protection@polygyros.gr', identifier: 'skopia-polygyros-a1-1', sent: '2024-07-15T08:30:12+00:00' }];
    const polygon = '40.30000,23.30000 40.50000,23.30000 40.50000,23.60000 40.30000,23.30000';
    const messages = [
      message(),
      message({ identifier: 'skopia-polygyros-a1-2', msgType: 'Update', references: ref, info: { ...message().info, area: { areaDesc: 'Municipality of Polygyros', polygons: [polygon], circles: [] } } }),
      message({ identifier: 'skopia-polygyros-a1-3', msgType: 'Cancel', references: ref, note: 'The danger has passed.', info: { ...message().info, urgency: 'Past', web: 'https://skopia.polygyros.gr/cap/alerts/a1.xml' } }),
    ];
    for (const m of messages) expect(capSchemaErrors(buildCapMessage(m)), m.msgType).toBe('');
  });

  it.runIf(canValidateCap())('the schema check catches a Z time (the check itself works)', () => {
    const bad = buildCapMessage(message()).replace('2024-07-15T08:30:12+00:00', '2024-07-15T08:30:12Z');
    expect(capSchemaErrors(bad)).toContain('sent');
  });
});
