import { describe, expect, it } from 'vitest';
import { dispatchEmail, dispatchSms, languageOfCountry, type DispatchMessageInput } from '../../../server/dispatch/dispatch-message.ts';
import { addressOf, buildEmail } from '../../../server/notify/email-message.ts';
import { dotStuff } from '../../../server/notify/smtp-client.ts';

const input: DispatchMessageInput = {
  language: 'el',
  hazard: 'fire',
  machineType: 'water_tanker',
  plateOrSerial: 'ΧΚΕ 2210',
  place: 'Ταξιάρχης',
  lat: 40.433,
  lon: 23.51,
  note: 'Καπνός πάνω από το δάσος',
  link: 'https://skopia.example/contractor.html#t=abc',
  expiresAt: Date.parse('2026-06-17T10:00:00Z'),
  timeZone: 'Europe/Athens',
  operationsPhone: '+302371351000',
};

describe('dispatch messages', () => {
  it('picks the language of the region', () => {
    expect(['GR', 'PL', 'DE'].map(languageOfCountry)).toEqual(['el', 'pl', 'en']);
  });

  it.each([
    ['el', 'Skopia: πυρκαγιά — ζητείται το μηχάνημά σας (ΧΚΕ 2210) κοντά σε: Ταξιάρχης. Αποδοχή ή άρνηση: https://skopia.example/contractor.html#t=abc'],
    ['en', 'Skopia: fire — your ΧΚΕ 2210 is requested near Ταξιάρχης. Accept or decline: https://skopia.example/contractor.html#t=abc'],
    ['pl', 'Skopia: pożar — wezwanie Państwa maszyny (ΧΚΕ 2210), miejsce: Ταξιάρχης. Przyjmij lub odrzuć: https://skopia.example/contractor.html#t=abc'],
  ] as const)('SMS in %s carries the link', (language, text) => {
    expect(dispatchSms({ ...input, language })).toBe(text);
  });

  it('e-mails the details, the link, its expiry and the operations phone', () => {
    const { subject, text } = dispatchEmail(input);
    expect(subject).toBe('Skopia κλήση: πυρκαγιά, Ταξιάρχης (ΧΚΕ 2210)');
    expect(text).toContain('Τοποθεσία: Ταξιάρχης (40.43300, 23.51000)');
    expect(text).toContain('Σημείωση: Καπνός πάνω από το δάσος');
    expect(text).toContain(input.link);
    expect(text).toContain('+302371351000');
  });
});

describe('e-mail as bytes', () => {
  it('encodes a Greek subject and sender name as RFC 2047 words and the body as base64', () => {
    const raw = buildEmail({ from: 'Σκοπιά <ops@example.gr>', to: ['a@example.com'], subject: 'Κλήση', text: 'Γεια\nσας' }, new Date('2026-06-15T10:00:00Z'));
    expect(raw).toContain(`From: =?UTF-8?B?${Buffer.from('Σκοπιά').toString('base64')}?= <ops@example.gr>\r\n`);
    expect(raw).toContain(`Subject: =?UTF-8?B?${Buffer.from('Κλήση').toString('base64')}?=\r\n`);
    expect(raw).toContain('Date: Mon, 15 Jun 2026 10:00:00 +0000\r\n');
    expect(raw.endsWith(`\r\n\r\n${Buffer.from('Γεια\r\nσας').toString('base64')}\r\n`)).toBe(true);
  });

  it('finds the address in a mailbox and dot-stuffs lines that start with a dot', () => {
    expect(addressOf('Skopia <ops@example.gr>')).toBe('ops@example.gr');
    expect(addressOf('ops@example.gr')).toBe('ops@example.gr');
    expect(dotStuff('.a\r\nb\r\n.c')).toBe('..a\r\nb\r\n..c');
  });
});
