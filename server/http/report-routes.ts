import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdSchema } from '../contracts/registry.ts';
import type { Machinery } from '../dispatch/machinery.ts';
import { contractorReport, dispatchReportRow, reportCsv, villageReport, type ContractorReportRow, type DispatchReportRow, type VillageReportRow } from '../dispatch/dispatch-report.ts';
import './access.ts';

export interface ReportRoutesOptions {
  readonly machinery: Machinery;
  readonly now: () => number;
}

const instant = z
  .union([z.coerce.number().int().nonnegative(), z.iso.datetime({ offset: true }), z.iso.date()], { message: 'expected epoch ms, an ISO date-time or YYYY-MM-DD' })
  .transform((v) => (typeof v === 'number' ? v : Date.parse(v)));

const ReportQuery = z
  .object({
    from: instant.optional(),
    to: instant.optional(),
    contractorId: IdSchema.optional(),
    villageId: IdSchema.optional(),
    format: z.enum(['json', 'csv'], { message: 'expected json or csv' }).default('json'),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { message: 'from must be before to', path: ['from'] });

const DISPATCH_COLUMNS: (keyof DispatchReportRow)[] = [
  'dispatchId',
  'requestedAt',
  'status',
  'hazard',
  'targetKind',
  'targetId',
  'villageId',
  'contractorId',
  'contractorName',
  'machineId',
  'plateOrSerial',
  'machineType',
  'timeToDispatchMin',
  'timeToArrivalMin',
  'hoursOnSite',
  'onSiteOngoing',
  'hourlyRate',
  'amount',
];
const CONTRACTOR_COLUMNS: (keyof ContractorReportRow)[] = [
  'contractorId',
  'contractorName',
  'dispatches',
  'accepted',
  'declined',
  'cancelled',
  'hoursOnSite',
  'amount',
  'medianTimeToArrivalMin',
];
const VILLAGE_COLUMNS: (keyof VillageReportRow)[] = [
  'villageId',
  'villageName',
  'dispatches',
  'fire',
  'flood',
  'storm',
  'snow',
  'medianTimeToDispatchMin',
  'medianTimeToArrivalMin',
  'hoursOnSite',
];

/**
 * Dispatch reports for the municipality and for billing, as JSON or CSV: every dispatch, and totals per
 * contractor and per village. Amounts are in the region's currency, at the rate agreed at request time.
 */
export const reportRoutes: FastifyPluginAsyncZod<ReportRoutesOptions> = async (app, { machinery: m, now }) => {
  const records = (q: z.output<typeof ReportQuery>) =>
    m.dispatch.records({
      limit: 100_000,
      ...(q.from !== undefined ? { from: q.from } : {}),
      ...(q.to !== undefined ? { to: q.to } : {}),
      ...(q.contractorId !== undefined ? { contractorId: q.contractorId } : {}),
      ...(q.villageId !== undefined ? { villageId: q.villageId } : {}),
    });
  const period = (q: z.output<typeof ReportQuery>) => ({ from: q.from ?? null, to: q.to ?? null, currency: m.currency });
  const csv = (reply: FastifyReply, name: string, text: string) =>
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(text);

  app.get('/api/reports/dispatches', { config: { access: 'operator' }, schema: { querystring: ReportQuery } }, async (request, reply) => {
    const rows = records(request.query).map((r) => dispatchReportRow(r, now()));
    if (request.query.format === 'csv') return csv(reply, 'dispatches.csv', reportCsv(rows, DISPATCH_COLUMNS));
    return { ...period(request.query), dispatches: rows };
  });

  app.get('/api/reports/contractors', { config: { access: 'operator' }, schema: { querystring: ReportQuery } }, async (request, reply) => {
    const list = records(request.query);
    const rows = contractorReport(
      list.map((r) => dispatchReportRow(r, now())),
      list,
    );
    if (request.query.format === 'csv') return csv(reply, 'contractors-report.csv', reportCsv(rows, CONTRACTOR_COLUMNS));
    return { ...period(request.query), contractors: rows };
  });

  app.get('/api/reports/villages', { config: { access: 'operator' }, schema: { querystring: ReportQuery } }, async (request, reply) => {
    const rows = villageReport(
      records(request.query).map((r) => dispatchReportRow(r, now())),
      m.villages,
    );
    if (request.query.format === 'csv') return csv(reply, 'villages-report.csv', reportCsv(rows, VILLAGE_COLUMNS));
    return { ...period(request.query), villages: rows };
  });
};
