/**
 * One CAP 1.2 message as XML (OASIS CAP 1.2; DOMAIN.md §5). Pure: every value comes in, the text comes
 * out; element order follows the schema's sequences (standards/cap12.xsd), which validators enforce.
 */
import type { CapCertainty, CapSeverity, CapUrgency } from '../../rules/engine/cap-vocabulary.ts';
import { formatCapTime } from './cap-time.ts';
import { element } from './xml-text.ts';

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

export type CapMsgType = 'Alert' | 'Update' | 'Cancel';
export type CapStatus = 'Actual' | 'Exercise' | 'System' | 'Test' | 'Draft';
export type CapCategory = 'Geo' | 'Met' | 'Safety' | 'Security' | 'Rescue' | 'Fire' | 'Health' | 'Env' | 'Transport' | 'Infra' | 'CBRNE' | 'Other';

/** An earlier message an Update or Cancel refers to. `sent` is the exact text that message carried. */
export interface CapReference {
  readonly sender: string;
  readonly identifier: string;
  readonly sent: string;
}

export interface CapArea {
  readonly areaDesc: string;
  readonly polygons: readonly string[];
  readonly circles: readonly string[];
}

export interface CapInfo {
  readonly language: string;
  readonly category: CapCategory;
  readonly event: string;
  /** `Past` for a Cancel: the danger is over. */
  readonly urgency: CapUrgency;
  readonly severity: CapSeverity;
  readonly certainty: CapCertainty;
  readonly effective: number;
  readonly senderName: string;
  readonly headline: string;
  readonly description: string;
  readonly web?: string;
  readonly parameters: readonly { readonly valueName: string; readonly value: string }[];
  readonly area: CapArea;
}

export interface CapMessageInput {
  readonly identifier: string;
  readonly sender: string;
  readonly sent: number;
  readonly status: CapStatus;
  readonly msgType: CapMsgType;
  readonly note?: string;
  readonly references: readonly CapReference[];
  readonly info: CapInfo;
}

/** CAP forbids spaces and commas in identifier and sender: they separate the `references` triples. */
export function isCapToken(value: string): boolean {
  return /^[^\s,<&]+$/.test(value);
}

export function formatReferences(references: readonly CapReference[]): string {
  return references.map((r) => `${r.sender},${r.identifier},${r.sent}`).join(' ');
}

function valuePair(name: string, v: { readonly valueName: string; readonly value: string }, indent: string): string {
  return `${indent}<${name}>\n${element('valueName', v.valueName, `${indent}  `)}${element('value', v.value, `${indent}  `)}${indent}</${name}>\n`;
}

export function buildCapMessage(m: CapMessageInput): string {
  if (!isCapToken(m.identifier)) throw new Error(`CAP identifier "${m.identifier}" contains a space, comma, < or &`);
  if (!isCapToken(m.sender)) throw new Error(`CAP sender "${m.sender}" contains a space, comma, < or &`);
  if (m.msgType !== 'Alert' && m.references.length === 0) throw new Error(`a CAP ${m.msgType} must reference the messages it updates or cancels`);
  const i = m.info;
  const a = i.area;
  let xml = '<?xml version="1.0" encoding="UTF-8"?>\n';
  xml += `<alert xmlns="${CAP_NAMESPACE}">\n`;
  xml += element('identifier', m.identifier, '  ');
  xml += element('sender', m.sender, '  ');
  xml += element('sent', formatCapTime(m.sent), '  ');
  xml += element('status', m.status, '  ');
  xml += element('msgType', m.msgType, '  ');
  xml += element('scope', 'Public', '  ');
  xml += element('note', m.note, '  ');
  if (m.references.length > 0) xml += element('references', formatReferences(m.references), '  ');
  xml += '  <info>\n';
  xml += element('language', i.language, '    ');
  xml += element('category', i.category, '    ');
  xml += element('event', i.event, '    ');
  if (m.msgType === 'Cancel') xml += element('responseType', 'AllClear', '    ');
  xml += element('urgency', i.urgency, '    ');
  xml += element('severity', i.severity, '    ');
  xml += element('certainty', i.certainty, '    ');
  xml += element('effective', formatCapTime(i.effective), '    ');
  xml += element('senderName', i.senderName, '    ');
  xml += element('headline', i.headline, '    ');
  xml += element('description', i.description, '    ');
  xml += element('web', i.web, '    ');
  for (const p of i.parameters) xml += valuePair('parameter', p, '    ');
  xml += '    <area>\n';
  xml += element('areaDesc', a.areaDesc, '      ');
  for (const polygon of a.polygons) xml += element('polygon', polygon, '      ');
  for (const circle of a.circles) xml += element('circle', circle, '      ');
  xml += '    </area>\n';
  xml += '  </info>\n';
  xml += '</alert>\n';
  return xml;
}

/** For logs and tests: `sender,identifier,sent` of a built message's header. */
export function referenceOf(m: Pick<CapMessageInput, 'sender' | 'identifier' | 'sent'>): CapReference {
  return { sender: m.sender, identifier: m.identifier, sent: formatCapTime(m.sent) };
}
