/** What a notification about an alert says: for people (subject, text) and for machines (JSON). Pure. */
import type { AlertView } from '../contracts/alerts.ts';
import type { Notice } from '../notify/notifier.ts';
import { levelName } from './escalation.ts';
import type { NotificationReason } from './notification-store.ts';

const WHY: Readonly<Record<NotificationReason, string>> = {
  raised: 'New alert',
  escalated: 'Not acknowledged yet',
  reescalated: 'Alert got worse',
};

function minutes(ms: number): string {
  return `${Math.max(0, Math.round(ms / 60_000))} min`;
}

export interface NoticeContext {
  readonly level: number;
  readonly reason: NotificationReason;
  readonly now: number;
  /** Where an officer opens the alert, when the server knows its public address. */
  readonly link: string | null;
}

export function alertNotice(alert: AlertView, ctx: NoticeContext): Notice {
  const subject = `[Skopia] ${WHY[ctx.reason]}: ${alert.severity} ${alert.ruleName} at ${alert.subject.name}`;
  const lines = [
    `${WHY[ctx.reason]} (${levelName(ctx.level)}).`,
    '',
    alert.message,
    '',
    `Severity: ${alert.severity}, urgency: ${alert.urgency}, certainty: ${alert.certainty}`,
    `Where: ${alert.subject.name} (${alert.position.lat.toFixed(5)}, ${alert.position.lon.toFixed(5)})`,
    `Raised: ${new Date(alert.raisedAt).toISOString()} (${minutes(ctx.now - alert.raisedAt)} ago), state: ${alert.state}`,
  ];
  if (alert.machineTypes.length > 0) lines.push(`Machines it may need: ${alert.machineTypes.join(', ').replace(/_/g, ' ')}`);
  if (ctx.reason !== 'raised') lines.push('', 'Nobody has acknowledged it yet: acknowledge it in Skopia, with a comment.');
  if (ctx.link !== null) lines.push('', ctx.link);
  return {
    subject,
    text: lines.join('\n'),
    payload: { type: 'skopia.alert', reason: ctx.reason, level: ctx.level, levelName: levelName(ctx.level), link: ctx.link, alert },
  };
}
