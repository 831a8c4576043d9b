import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdSchema } from '../contracts/registry.ts';
import { MACHINE_STATUSES, MACHINE_TYPES, MachineTypeSchema, type Contractor, type ContractorView, DISPATCH_HAZARDS } from '../contracts/machinery.ts';
import { machineTypesFor } from '../../rules/hazards/machine-types.ts';
import type { Machinery } from '../dispatch/machinery.ts';
import { contractorInputSchema } from '../registry/contractor-schema.ts';
import { machineInputSchema, MachineAdminStatusSchema } from '../registry/machine-schema.ts';
import { contractStanding } from '../registry/contractor-contract.ts';
import { coverageGeoJson } from '../registry/coverage-geojson.ts';
import type { ChangeContext } from '../registry/contractor-registry.ts';
import { auditSource } from './auth-plugin.ts';
import { HttpError } from './error-handler.ts';
import './access.ts';

export interface RegistryRoutesOptions {
  readonly machinery: Machinery;
}

const IdParams = z.object({ id: IdSchema });
const ImportQuery = z.object({
  dryRun: z
    .enum(['true', 'false', '1', '0'], { message: 'expected true or false' })
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});
const CsvBody = z.string({ message: 'expected the CSV file as the body, with content-type text/csv' }).max(1 << 20);
const MachineQuery = z.object({
  type: MachineTypeSchema.optional(),
  status: z.enum(MACHINE_STATUSES, { message: `expected one of ${MACHINE_STATUSES.join(', ')}` }).optional(),
  contractorId: IdSchema.optional(),
  villageId: IdSchema.optional(),
});

export function changeContext(request: FastifyRequest): ChangeContext {
  const { actor, sourceIp } = auditSource(request);
  return { actor, sourceIp };
}

function sendCsv(reply: FastifyReply, name: string, csv: string): FastifyReply {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}"`)
    .send(csv);
}

/**
 * The contractor registry: contractors, machines, villages, coverage. Viewers read; admins write,
 * one record at a time (JSON) or a whole file (CSV import, all or nothing).
 */
export const registryRoutes: FastifyPluginAsyncZod<RegistryRoutesOptions> = async (app, { machinery: m }) => {
  const ContractorBody = contractorInputSchema(m.contractors.country);
  const MachineBody = machineInputSchema(m.villages.map((v) => v.id));
  // A spreadsheet export arrives as text/csv (or text/plain from some tools); it is parsed by the import.
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_request, body, done) => done(null, body));

  const contractorView = (c: Contractor, machineCounts: ReadonlyMap<string, number>): ContractorView => {
    const standing = contractStanding(c, m.today());
    const daysLeft = standing.state === 'valid' ? standing.daysLeft : standing.state === 'expired' ? -standing.daysAgo : standing.daysToStart;
    return { ...c, contractState: standing.state, daysLeft, machineCount: machineCounts.get(c.id) ?? 0 };
  };
  const machineCounts = () => {
    const counts = new Map<string, number>();
    for (const machine of m.machines.list()) counts.set(machine.contractorId, (counts.get(machine.contractorId) ?? 0) + 1);
    return counts;
  };

  // --- contractors ---
  // Contractors' tax ids, phones and e-mails are personal data: officers only, not wall screens.
  app.get('/api/contractors', { config: { access: 'operator' } }, async () => {
    const counts = machineCounts();
    return { currency: m.currency, contractors: m.contractors.list().map((c) => contractorView(c, counts)) };
  });

  app.get('/api/contractors.csv', { config: { access: 'operator' } }, async (_request, reply) => sendCsv(reply, 'contractors.csv', m.contractors.exportCsv()));

  app.get('/api/contractors/:id', { config: { access: 'operator' }, schema: { params: IdParams } }, async (request) => {
    const contractor = m.contractors.get(request.params.id);
    return { ...contractorView(contractor, machineCounts()), machines: m.machines.list({ contractorId: contractor.id }) };
  });

  app.post('/api/contractors', { config: { access: 'admin' }, schema: { body: ContractorBody } }, async (request, reply) => {
    const contractor = m.contractors.create(request.body, changeContext(request));
    return reply.status(201).send(contractorView(contractor, machineCounts()));
  });

  app.put('/api/contractors/:id', { config: { access: 'admin' }, schema: { params: IdParams, body: ContractorBody } }, async (request) =>
    contractorView(m.contractors.replace(request.params.id, request.body, changeContext(request)), machineCounts()),
  );

  app.delete('/api/contractors/:id', { config: { access: 'admin' }, schema: { params: IdParams } }, async (request, reply) => {
    m.contractors.delete(request.params.id, changeContext(request));
    return reply.status(204).send();
  });

  app.post('/api/contractors/import', { config: { access: 'admin' }, schema: { querystring: ImportQuery, body: CsvBody } }, async (request) =>
    m.contractors.importCsv(request.body, { dryRun: request.query.dryRun }, changeContext(request)),
  );

  // --- machines ---
  app.get('/api/machine-types', { config: { access: 'viewer' } }, async () => ({
    machineTypes: MACHINE_TYPES.map((type) => ({ type, hazards: DISPATCH_HAZARDS.filter((h) => machineTypesFor(h).includes(type)) })),
  }));

  app.get('/api/machines', { config: { access: 'viewer' }, schema: { querystring: MachineQuery } }, async (request) => {
    const q = request.query;
    const views = m.machines.views().filter(
      (v) =>
        (q.type === undefined || v.type === q.type) &&
        (q.status === undefined || v.status === q.status) &&
        (q.contractorId === undefined || v.contractorId === q.contractorId) &&
        (q.villageId === undefined || v.homeVillageId === q.villageId),
    );
    return { machines: views };
  });

  app.get('/api/machines.csv', { config: { access: 'viewer' } }, async (_request, reply) => sendCsv(reply, 'machines.csv', m.machines.exportCsv()));

  app.get('/api/machines/:id', { config: { access: 'viewer' }, schema: { params: IdParams } }, async (request) => {
    const view = m.machines.view(request.params.id);
    if (!view) throw new HttpError(404, 'machine_not_found', `No machine "${request.params.id}" in the registry.`);
    return view;
  });

  app.post('/api/machines', { config: { access: 'admin' }, schema: { body: MachineBody } }, async (request, reply) => {
    const machine = m.machines.create(request.body, changeContext(request));
    return reply.status(201).send(m.machines.view(machine.id));
  });

  app.put('/api/machines/:id', { config: { access: 'admin' }, schema: { params: IdParams, body: MachineBody } }, async (request) => {
    m.machines.replace(request.params.id, request.body, changeContext(request));
    return m.machines.view(request.params.id);
  });

  app.patch(
    '/api/machines/:id/status',
    {
      config: { access: 'admin' },
      schema: { params: IdParams, body: z.strictObject({ status: MachineAdminStatusSchema, note: z.string().trim().max(2000).optional() }) },
    },
    async (request) => {
      m.machines.setAdminStatus(request.params.id, request.body.status, request.body.note ?? null, changeContext(request));
      return m.machines.view(request.params.id);
    },
  );

  app.delete('/api/machines/:id', { config: { access: 'admin' }, schema: { params: IdParams } }, async (request, reply) => {
    m.machines.delete(request.params.id, changeContext(request));
    return reply.status(204).send();
  });

  app.post('/api/machines/import', { config: { access: 'admin' }, schema: { querystring: ImportQuery, body: CsvBody } }, async (request) =>
    m.machines.importCsv(request.body, { dryRun: request.query.dryRun }, changeContext(request)),
  );

  // --- villages and coverage ---
  // Villages come from the region folder (settlements.csv); they are read here, not edited.
  app.get('/api/villages', { config: { access: 'viewer' } }, async () => {
    const coverage = new Map(m.coverage().villages.map((v) => [v.villageId, v.hazards]));
    const machines = m.machines.list();
    return {
      villages: m.villages.map((v) => ({
        ...v,
        machineIds: machines.filter((x) => x.homeVillageId === v.id).map((x) => x.id),
        coverage: Object.fromEntries(DISPATCH_HAZARDS.map((h) => [h, coverage.get(v.id)?.[h].state ?? 'uncovered'])),
      })),
    };
  });

  app.get('/api/villages/:id', { config: { access: 'viewer' }, schema: { params: IdParams } }, async (request) => {
    const village = m.villages.find((v) => v.id === request.params.id);
    if (!village) throw new HttpError(404, 'village_not_found', `No village "${request.params.id}" in the region.`);
    const coverage = m.coverage().villages.find((v) => v.villageId === village.id);
    return { ...village, machines: m.machines.list({ homeVillageId: village.id }), coverage: coverage?.hazards ?? null };
  });

  app.get('/api/coverage', { config: { access: 'viewer' } }, async () => m.coverage());

  app.get('/api/coverage.geojson', { config: { access: 'viewer' } }, async (_request, reply) =>
    reply.header('content-type', 'application/geo+json; charset=utf-8').send(JSON.stringify(coverageGeoJson(m.coverage(), m.machines.views()))),
  );
};
