import type { DispatchHazard, MachineType } from '../contracts/machinery.ts';

/**
 * What the contractor receives, in the region's language: a short SMS (the link is what matters) and
 * an e-mail with the details. Pure.
 */
export type MessageLanguage = 'en' | 'el' | 'pl';

export function languageOfCountry(country: string): MessageLanguage {
  const c = country.toUpperCase();
  return c === 'GR' ? 'el' : c === 'PL' ? 'pl' : 'en';
}

const HAZARD: Readonly<Record<MessageLanguage, Readonly<Record<DispatchHazard, string>>>> = {
  en: { fire: 'fire', flood: 'flood', storm: 'storm', snow: 'snow' },
  el: { fire: 'πυρκαγιά', flood: 'πλημμύρα', storm: 'καταιγίδα', snow: 'χιόνι' },
  pl: { fire: 'pożar', flood: 'powódź', storm: 'nawałnica', snow: 'śnieg' },
};

const TEXT = {
  en: {
    sms: 'Skopia: {hazard} — your {machine} is requested near {place}. Accept or decline: {link}',
    subject: 'Skopia dispatch: {hazard} near {place} ({machine})',
    intro: 'The civil-protection operations room requests your machine.',
    hazard: 'Hazard',
    place: 'Place',
    machine: 'Machine',
    note: 'Note',
    open: 'Open this link on your phone to accept or decline, and to report when you are on your way and on site:',
    expires: 'The link works until {expires}.',
    phone: 'Questions: call the operations room on {phone}.',
  },
  el: {
    sms: 'Skopia: {hazard} — ζητείται το μηχάνημά σας ({machine}) κοντά σε: {place}. Αποδοχή ή άρνηση: {link}',
    subject: 'Skopia κλήση: {hazard}, {place} ({machine})',
    intro: 'Το κέντρο επιχειρήσεων πολιτικής προστασίας ζητά το μηχάνημά σας.',
    hazard: 'Κίνδυνος',
    place: 'Τοποθεσία',
    machine: 'Μηχάνημα',
    note: 'Σημείωση',
    open: 'Ανοίξτε αυτόν τον σύνδεσμο στο κινητό σας για αποδοχή ή άρνηση, και για να δηλώσετε ότι ξεκινήσατε και ότι φτάσατε:',
    expires: 'Ο σύνδεσμος ισχύει έως {expires}.',
    phone: 'Ερωτήσεις: καλέστε το κέντρο επιχειρήσεων στο {phone}.',
  },
  pl: {
    sms: 'Skopia: {hazard} — wezwanie Państwa maszyny ({machine}), miejsce: {place}. Przyjmij lub odrzuć: {link}',
    subject: 'Skopia wezwanie: {hazard}, {place} ({machine})',
    intro: 'Centrum zarządzania kryzysowego wzywa Państwa maszynę.',
    hazard: 'Zagrożenie',
    place: 'Miejsce',
    machine: 'Maszyna',
    note: 'Uwagi',
    open: 'Proszę otworzyć ten link w telefonie, aby przyjąć lub odrzucić wezwanie oraz zgłosić wyjazd i przybycie na miejsce:',
    expires: 'Link działa do {expires}.',
    phone: 'Pytania: centrum zarządzania kryzysowego, tel. {phone}.',
  },
} as const satisfies Readonly<Record<MessageLanguage, Readonly<Record<string, string>>>>;

function fill(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

export interface DispatchMessageInput {
  readonly language: MessageLanguage;
  readonly hazard: DispatchHazard;
  readonly machineType: MachineType;
  readonly plateOrSerial: string;
  /** A village name, or coordinates when there is none. */
  readonly place: string;
  readonly lat: number;
  readonly lon: number;
  readonly note: string | null;
  readonly link: string;
  readonly expiresAt: number;
  readonly timeZone: string;
  readonly operationsPhone: string | null;
}

export function dispatchSms(m: DispatchMessageInput): string {
  const t = TEXT[m.language];
  return fill(t.sms, { hazard: HAZARD[m.language][m.hazard], machine: m.plateOrSerial, place: m.place, link: m.link });
}

export function dispatchEmail(m: DispatchMessageInput): { subject: string; text: string } {
  const t = TEXT[m.language];
  const hazard = HAZARD[m.language][m.hazard];
  const expires = new Intl.DateTimeFormat(m.language, { timeZone: m.timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(m.expiresAt);
  const lines = [
    t.intro,
    '',
    `${t.hazard}: ${hazard}`,
    `${t.place}: ${m.place} (${m.lat.toFixed(5)}, ${m.lon.toFixed(5)})`,
    `${t.machine}: ${m.machineType.replaceAll('_', ' ')} ${m.plateOrSerial}`,
    ...(m.note ? [`${t.note}: ${m.note}`] : []),
    '',
    t.open,
    m.link,
    '',
    fill(t.expires, { expires }),
    ...(m.operationsPhone ? [fill(t.phone, { phone: m.operationsPhone })] : []),
  ];
  return { subject: fill(t.subject, { hazard, place: m.place, machine: m.plateOrSerial }), text: lines.join('\n') };
}
