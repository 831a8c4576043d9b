/**
 * The alert settings' own value formats, for server/config.ts: escalation minutes per severity and
 * notification recipients per level. Each error names what to write instead.
 */
import { z } from 'zod';
import { CAP_SEVERITIES, type CapSeverity } from '../../rules/engine/cap-vocabulary.ts';
import { channelOf } from '../notify/notifier.ts';

export const DEFAULT_ESCALATION_MINUTES = 'Extreme=5,Severe=10,Moderate=30,Minor=60';

/** `Extreme=5,Severe=10,Moderate=30,Minor=60`: every severity once, minutes > 0 (fractions allowed). */
export const EscalationMinutesSchema = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const out: Partial<Record<CapSeverity, number>> = {};
    for (const part of text.split(',')) {
      const [name = '', value = '', ...rest] = part.split('=').map((p) => p.trim());
      const minutes = Number(value);
      if (!(CAP_SEVERITIES as readonly string[]).includes(name) || rest.length > 0 || value === '' || !Number.isFinite(minutes) || minutes <= 0) {
        ctx.addIssue({ code: 'custom', message: `"${part.trim()}" is not Severity=minutes; expected e.g. ${DEFAULT_ESCALATION_MINUTES}` });
        return z.NEVER;
      }
      out[name as CapSeverity] = minutes;
    }
    const missing = CAP_SEVERITIES.filter((s) => out[s] === undefined);
    if (missing.length > 0) {
      ctx.addIssue({ code: 'custom', message: `minutes missing for ${missing.join(', ')}; expected e.g. ${DEFAULT_ESCALATION_MINUTES}` });
      return z.NEVER;
    }
    return out as Record<CapSeverity, number>;
  });

/** Comma-separated webhook URLs (http/https) and e-mail addresses; empty: nobody at this level. */
export const RecipientsSchema = z
  .string()
  .optional()
  .transform((text, ctx) => {
    const list = (text ?? '')
      .split(',')
      .map((r) => r.trim())
      .filter((r) => r !== '');
    for (const r of list) {
      if (channelOf(r) === null) {
        ctx.addIssue({ code: 'custom', message: `"${r}" is neither an http(s) webhook URL nor an e-mail address` });
        return z.NEVER;
      }
    }
    return list;
  });
