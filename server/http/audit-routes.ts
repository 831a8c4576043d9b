import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuditEntrySchema, AuditQuerySchema } from '../contracts/accounts.ts';
import { toCsv } from '../lib/csv.ts';
import type { AuditLog, AuditQuery } from '../store/audit-log.ts';
import './access.ts';

export interface AuditRoutesOptions {
  readonly audit: AuditLog;
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab/CR before one) as a formula; an
 * audit note such as `=HYPERLINK(...)` must open as text. The leading apostrophe is what the
 * spreadsheets themselves use to mean "text" (OWASP: CSV injection). The JSON API is verbatim.
 */
export function spreadsheetSafe(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

type AuditFilters = z.infer<typeof AuditQuerySchema>;

function toQuery(q: AuditFilters, defaultLimit: number): AuditQuery {
  const [subjectType, ...rest] = q.subject?.split(':') ?? [];
  const subjectId = rest.length > 0 ? rest.join(':') : undefined;
  return {
    limit: q.limit ?? defaultLimit,
    ...(q.from !== undefined ? { from: q.from } : {}),
    ...(q.to !== undefined ? { to: q.to } : {}),
    ...(q.actor !== undefined ? { actor: q.actor } : {}),
    ...(subjectType ? { subjectType } : {}),
    ...(subjectId !== undefined ? { subjectId } : {}),
    ...(q.beforeId !== undefined ? { beforeId: q.beforeId } : {}),
  };
}

const CSV_HEADER = ['id', 'at', 'actor', 'action', 'subject_type', 'subject_id', 'source_ip', 'note', 'before', 'after'];

/**
 * Admin: GET /api/audit (newest first; page with beforeId) and GET /api/audit.csv (the same filters,
 * up to 10,000 rows). Filters: from, to (epoch ms or ISO 8601), actor (exact), subject (`user` or
 * `user:<id>`).
 */
export const auditRoutes: FastifyPluginAsyncZod<AuditRoutesOptions> = async (app, opts) => {
  app.get(
    '/api/audit',
    {
      config: { access: 'admin' },
      schema: { querystring: AuditQuerySchema, response: { 200: z.object({ entries: z.array(AuditEntrySchema), nextBeforeId: z.number().nullable() }) } },
    },
    async (request) => {
      const query = toQuery(request.query, 200);
      const entries = opts.audit.query(query);
      const last = entries.at(-1);
      return { entries, nextBeforeId: last !== undefined && entries.length === query.limit ? last.id : null };
    },
  );

  app.get('/api/audit.csv', { config: { access: 'admin' }, schema: { querystring: AuditQuerySchema } }, async (request, reply) => {
    const entries = opts.audit.query(toQuery(request.query, 10_000));
    const json = (v: unknown): string => (v === undefined ? '' : JSON.stringify(v));
    const rows = entries.map((e) => [
      e.id,
      new Date(e.at).toISOString(),
      spreadsheetSafe(e.actor),
      spreadsheetSafe(e.action),
      spreadsheetSafe(e.subjectType),
      spreadsheetSafe(e.subjectId),
      spreadsheetSafe(e.sourceIp),
      spreadsheetSafe(e.note),
      spreadsheetSafe(json(e.before)),
      spreadsheetSafe(json(e.after)),
    ]);
    const day = new Date().toISOString().slice(0, 10);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="skopia-audit-${day}.csv"`)
      .send(toCsv(CSV_HEADER, rows));
  });
};
