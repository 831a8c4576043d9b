/**
 * From a public alert to a CAP message. Pure decisions:
 *  - which message a change calls for: the first publication is an Alert, each later change of the
 *    danger (new peak, severity, certainty, re-escalation) an Update, the resolution a Cancel; an
 *    acknowledgement or escalation is internal and publishes nothing;
 *  - the area: weather-wide danger (fire weather, storm, snow) covers the municipality polygon; a
 *    gauge or fire sensor a circle around it; a corroborated fire a circle around its sensors;
 *  - references: every earlier message of the alert, oldest first, as (sender, identifier, sent).
 */
import type { Hazard } from '../../rules/hazards/machine-types.ts';
import type { AlertChange, AlertView } from '../contracts/alerts.ts';
import { capCircle } from './cap-area.ts';
import type { CapArea, CapCategory, CapMessageInput, CapMsgType, CapStatus } from './cap-message.ts';
import type { StoredCapMessage } from './cap-store.ts';

export interface CapContext {
  readonly sender: string;
  readonly status: CapStatus;
  readonly language: string;
  /** The authority, e.g. "Municipality of Polygyros". */
  readonly senderName: string;
  readonly municipality: { readonly name: string; readonly polygons: readonly string[]; readonly fallbackCircle: string };
  villageName(id: string): string | null;
  /** The condition kind of a rule in force (null when the rule is gone). */
  conditionKindOf(ruleId: string): string | null;
  /** A web page about the alert, when the server has a public address. */
  webFor(alertId: string): string | undefined;
  identifierFor(alertId: string, seq: number): string;
}

const CATEGORY: Readonly<Record<Hazard, CapCategory>> = {
  fire: 'Fire',
  // CAP's Met is "meteorological (inc. flood)".
  flood: 'Met',
  storm: 'Met',
  snow: 'Met',
  sensor_fault: 'Infra',
};

/** Radius of the circle around a point subject, km: how far the danger reaches from where it is seen. */
const RADIUS_KM: Readonly<Record<Hazard, number>> = { fire: 3, flood: 2, storm: 5, snow: 5, sensor_fault: 1 };

const AREA_WIDE_CONDITIONS = new Set(['fire_weather_index', 'fire_weather_30_30_30']);

export function capMsgTypeFor(change: AlertChange, alert: AlertView, previous: readonly StoredCapMessage[]): CapMsgType | null {
  if (!alert.public) return null;
  const last = previous[previous.length - 1];
  if (last?.msgType === 'Cancel') return null;
  if (alert.state === 'resolved') return last === undefined ? null : 'Cancel';
  if (last === undefined) return change === 'acknowledged' || change === 'notification' ? null : 'Alert';
  return change === 'updated' || change === 'reescalated' ? 'Update' : null;
}

export function capAreaFor(alert: AlertView, conditionKind: string | null, ctx: CapContext): CapArea {
  const village = alert.villageId === null ? null : ctx.villageName(alert.villageId);
  if ((conditionKind !== null && AREA_WIDE_CONDITIONS.has(conditionKind)) || alert.hazard === 'storm' || alert.hazard === 'snow') {
    const m = ctx.municipality;
    return m.polygons.length > 0 ? { areaDesc: m.name, polygons: m.polygons, circles: [] } : { areaDesc: m.name, polygons: [], circles: [m.fallbackCircle] };
  }
  const radius = RADIUS_KM[alert.hazard];
  const areaDesc =
    alert.subject.type === 'village'
      ? `${alert.subject.name} and surroundings`
      : `Around ${alert.subject.name}${village !== null && !alert.subject.name.includes(village) ? `, ${village}` : ''}`;
  return { areaDesc, polygons: [], circles: [capCircle(alert.position.lat, alert.position.lon, radius)] };
}

function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

export function capMessageFor(
  alert: AlertView,
  msgType: CapMsgType,
  previous: readonly StoredCapMessage[],
  sentAt: number,
  ctx: CapContext,
): CapMessageInput {
  const seq = previous.length + 1;
  const cancel = msgType === 'Cancel';
  const headline = `${cancel ? 'Ended: ' : ''}${alert.ruleName} – ${alert.subject.name}`;
  // An officer's comment is internal (it may name people or say "false alarm"): the public gets the engine's words.
  const description = !cancel ? alert.message : alert.resolved?.automatic ? alert.resolved.comment : 'The operations centre has ended this alert.';
  const unit = alert.unit === '' ? '' : ` ${alert.unit}`;
  return {
    identifier: ctx.identifierFor(alert.id, seq),
    sender: ctx.sender,
    sent: sentAt,
    status: ctx.status,
    msgType,
    references: previous.map((p) => ({ sender: p.sender, identifier: p.identifier, sent: p.sent })),
    ...(cancel ? { note: 'The danger has passed: the alert is resolved.' } : {}),
    info: {
      language: ctx.language,
      category: CATEGORY[alert.hazard],
      event: alert.ruleName,
      urgency: cancel ? 'Past' : alert.urgency,
      severity: alert.severity,
      certainty: alert.certainty,
      effective: cancel ? sentAt : alert.raisedAt,
      senderName: ctx.senderName,
      headline,
      description,
      ...(ctx.webFor(alert.id) !== undefined ? { web: ctx.webFor(alert.id) as string } : {}),
      parameters: [
        { valueName: 'skopia:rule', value: alert.ruleId },
        { valueName: 'skopia:value', value: `${formatValue(alert.value)}${unit}` },
        { valueName: 'skopia:peak', value: `${formatValue(alert.peak)}${unit}` },
      ],
      area: capAreaFor(alert, ctx.conditionKindOf(alert.ruleId), ctx),
    },
  };
}
