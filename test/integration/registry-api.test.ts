import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';
import { apiAs, type Api } from './dispatch.fixtures.ts';
import type { ContractorView, CsvProblem, MachineView } from '../../server/contracts/machinery.ts';

/**
 * The contractor registry over HTTP on the real server (Polygyros, seeded from the region's demo
 * CSVs): access levels, validation that names the field, CSV import (all or nothing) and export.
 */
const GOOD_CONTRACTOR = {
  name: 'Δοκιμαστική Τεχνική Ο.Ε.',
  taxId: '094019245',
  phone: '+30 690 000 0999',
  email: 'test@example.com',
  contractRef: 'Σύμβαση 99/2026',
  contractStart: '2026-01-01',
  contractEnd: '2027-12-31',
  hourlyRates: { water_tanker: 47.5 },
};
const GOOD_MACHINE = { type: 'water_tanker', plateOrSerial: 'xke 9999', contractorId: 'ctr-kyriakidis', homeVillageId: 'vavdos', capabilities: { tankLitres: 9000 } };

describe('registry API', () => {
  let server: TestServer;
  let admin: Api;
  let viewer: Api;
  let operator: Api;
  let anonymous: Api;

  beforeAll(async () => {
    server = await startTestServer();
    [admin, viewer, operator, anonymous] = await Promise.all([apiAs(server, 'admin'), apiAs(server, 'viewer'), apiAs(server, 'operator'), apiAs(server, null)]);
  });
  afterAll(async () => server?.close());

  const contractorCount = async () => ((await operator.call('GET', '/api/contractors')).body.contractors as unknown[]).length;
  const machineCount = async () => ((await viewer.call('GET', '/api/machines')).body.machines as unknown[]).length;

  it('loads the Polygyros demo registry at first start: 8 contractors, 23 machines, contract standing shown', async () => {
    const res = await operator.call('GET', '/api/contractors');
    expect(res.status).toBe(200);
    const contractors = res.body.contractors as ContractorView[];
    expect(contractors).toHaveLength(8);
    expect(res.body.currency).toBe('EUR');
    const byId = new Map(contractors.map((c) => [c.id, c]));
    expect(byId.get('ctr-georgiadis')).toMatchObject({ contractState: 'valid', daysLeft: 12, machineCount: 2 });
    expect(byId.get('ctr-karagiannis')).toMatchObject({ contractState: 'expired', daysLeft: -20 });
    expect(await machineCount()).toBe(23);
  });

  it.each([
    ['GET', '/api/contractors', null, 401],
    ['GET', '/api/machines', null, 401],
    ['GET', '/api/coverage', null, 401],
    ['GET', '/api/contractors', 'viewer', 403],
    ['GET', '/api/contractors.csv', 'viewer', 403],
    ['POST', '/api/contractors', 'viewer', 403],
    ['PUT', '/api/contractors/ctr-kyriakidis', 'viewer', 403],
    ['DELETE', '/api/machines/m-wt-vavdos', 'viewer', 403],
    ['POST', '/api/machines/import', 'viewer', 403],
    ['PATCH', '/api/machines/m-wt-vavdos/status', 'viewer', 403],
  ] as const)('%s %s as %s → %i', async (method, url, who, status) => {
    const api = who === null ? anonymous : viewer;
    expect((await api.call(method, url, { payload: {} })).status).toBe(status);
  });

  it('creates a contractor, normalising the phone, and audits it', async () => {
    const res = await admin.call('POST', '/api/contractors', { payload: { ...GOOD_CONTRACTOR, id: 'ctr-test' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: 'ctr-test', phone: '+306900000999', taxId: '094019245', contractState: 'valid', machineCount: 0 });
    const audit = server.app.skopia.audit.query({ subjectType: 'contractor', subjectId: 'ctr-test' });
    expect(audit[0]).toMatchObject({ action: 'contractor.create', actor: 'test-admin' });
  });

  it.each([
    ['name', { name: '' }, 'required'],
    ['taxId', { taxId: '094019246' }, 'AFM check digit is 6, expected 5: check the number for a typo'],
    ['taxId', { taxId: '5261040828' }, 'expected a Greek AFM of 9 digits'],
    ['phone', { phone: '2371022000' }, 'expected an international phone number in E.164 form, such as +306912345678'],
    ['email', { email: 'office at example' }, 'expected an e-mail address such as office@example.gr'],
    ['contractRef', { contractRef: '  ' }, 'required'],
    ['contractStart', { contractStart: '31/12/2026' }, 'expected a date written YYYY-MM-DD, such as 2026-12-31'],
    ['contractEnd', { contractEnd: '2025-12-31' }, 'must not be before contractStart'],
    ['hourlyRates.water_tanker', { hourlyRates: { water_tanker: -5 } }, 'must be above 0'],
    ['hourlyRates.water_tanker', { hourlyRates: { water_tanker: 'cheap' } }, 'expected a number such as 45.5'],
  ])('rejects a bad %s with 400 naming the field', async (field, change, message) => {
    const res = await admin.call('POST', '/api/contractors', { payload: { ...GOOD_CONTRACTOR, ...change } });
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('invalid_request');
    expect(res.body.error?.details).toContainEqual({ field: `body.${field}`, message });
    expect(res.body.error?.message).toBe(`body.${field}: ${message}`);
  });

  it('rejects unknown fields and unknown machine types in rates', async () => {
    const extra = await admin.call('POST', '/api/contractors', { payload: { ...GOOD_CONTRACTOR, colour: 'red' } });
    expect(extra.status).toBe(400);
    expect(extra.body.error?.message).toMatch(/colour/);
    const rate = await admin.call('POST', '/api/contractors', { payload: { ...GOOD_CONTRACTOR, hourlyRates: { spaceship: 3 } } });
    expect(rate.status).toBe(400);
    expect(JSON.stringify(rate.body.error?.details)).toMatch(/hourlyRates/);
  });

  it('refuses a tax id already registered (409, naming the holder) and a changed id on PUT', async () => {
    const dup = await admin.call('POST', '/api/contractors', { payload: { ...GOOD_CONTRACTOR, taxId: '801552132' } });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'tax_id_taken', message: expect.stringContaining('Κυριακίδης') as unknown });
    const renamed = await admin.call('PUT', '/api/contractors/ctr-test', { payload: { ...GOOD_CONTRACTOR, id: 'ctr-other' } });
    expect(renamed.status).toBe(400);
    expect(renamed.body.error?.details).toEqual([{ field: 'body.id', message: expect.stringMatching(/does not match/) as unknown }]);
  });

  it('replaces a contractor and announces its machines as changed', async () => {
    const res = await admin.call('PUT', '/api/contractors/ctr-test', { payload: { ...GOOD_CONTRACTOR, name: 'Renamed O.E.' } });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('Renamed O.E.');
    expect((await operator.call('GET', '/api/contractors/nope')).body.error?.code).toBe('contractor_not_found');
  });

  it('creates machines, validating every field against the vocabulary and the region', async () => {
    const res = await admin.call('POST', '/api/machines', { payload: { ...GOOD_MACHINE, id: 'm-test', contractorId: 'ctr-test' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: 'm-test', plateOrSerial: 'XKE 9999', status: 'available', contractorName: 'Renamed O.E.', position: { source: 'home', lat: 40.43 } });
  });

  it.each([
    ['type', { type: 'helicopter' }, /expected one of excavator, backhoe_loader/],
    ['plateOrSerial', { plateOrSerial: '' }, /required/],
    ['homeVillageId', { homeVillageId: 'atlantis' }, /no such village in the region; expected one of polygyros, galatista/],
    ['capabilities.tankLitres', { capabilities: { tankLitres: -1 } }, /must be above 0/],
    ['contractorId', { contractorId: 'ctr-nobody' }, /no contractor "ctr-nobody"; create the contractor first/],
    ['plateOrSerial', { plateOrSerial: 'ΧΚΕ 2210' }, /already registered as machine m-wt-galatista/],
  ])('rejects a machine with a bad %s, naming the field', async (field, change, message) => {
    const res = await admin.call('POST', '/api/machines', { payload: { ...GOOD_MACHINE, ...change } });
    expect([400, 409]).toContain(res.status);
    const details = res.body.error?.details as { field: string; message: string }[];
    expect(details.find((d) => d.field === `body.${field}`)?.message).toMatch(message);
  });

  it('sets a machine out of service and back; refuses statuses that belong to dispatches', async () => {
    const out = await admin.call('PATCH', '/api/machines/m-test/status', { payload: { status: 'out_of_service', note: 'gearbox' } });
    expect(out.body.status).toBe('out_of_service');
    const bad = await admin.call('PATCH', '/api/machines/m-test/status', { payload: { status: 'en_route' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/body\.status: expected available or out_of_service/);
    expect((await admin.call('PATCH', '/api/machines/m-test/status', { payload: { status: 'available' } })).body.status).toBe('available');
  });

  it('refuses to delete a contractor that still has machines, then deletes both in order', async () => {
    const refused = await admin.call('DELETE', '/api/contractors/ctr-test');
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe('contractor_has_machines');
    expect((await admin.call('DELETE', '/api/machines/m-test')).status).toBe(204);
    expect((await admin.call('DELETE', '/api/contractors/ctr-test')).status).toBe(204);
    expect((await viewer.call('GET', '/api/machines/m-test')).status).toBe(404);
  });

  describe('CSV', () => {
    const HEADER = 'id,name,taxId,phone,contractRef,contractStart,contractEnd,email,rate_water_tanker';

    it('reports every bad row of a contractor file and imports nothing, not even its good rows', async () => {
      const before = await contractorCount();
      const csv = [
        HEADER,
        'ctr-new-1,Good One,094019245,+306900000901,C-1,2026-01-01,2026-12-31,,50',
        'ctr-new-2,Bad Tax,094019246,+306900000902,C-2,2026-01-01,2026-12-31,,50',
        'ctr-new-3,Bad Phone,099812341,555-1234,C-3,2026-01-01,2026-12-31,,50',
        'ctr-new-4,Bad Dates,111222336,+306900000904,C-4,2026-12-31,2026-01-01,,',
        'ctr-new-5,Good Two,123456709,+306900000905,C-5,2026-01-01,2026-12-31,,',
      ].join('\n');
      const res = await admin.call('POST', '/api/contractors/import', { payload: csv, headers: { 'content-type': 'text/csv' } });
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toBe('csv_invalid');
      expect(res.body.error?.message).toMatch(/nothing was imported/);
      const problems = (res.body.error?.details as { problems: CsvProblem[] }).problems;
      expect(problems.map((p) => [p.row, p.column])).toEqual([
        [3, 'taxId'],
        [4, 'phone'],
        [5, 'contractEnd'],
        // A valid number, but already registered to a demo contractor.
        [6, 'taxId'],
      ]);
      expect(problems.find((p) => p.row === 6)?.reason).toMatch(/already registered to Γεωργιάδης Γεώργιος \(ctr-georgiadis\)/);
      expect(await contractorCount()).toBe(before);
      expect((await operator.call('GET', '/api/contractors/ctr-new-1')).status).toBe(404);
    });

    it('imports a good file in one go; a dry run checks it against the database and writes nothing', async () => {
      const csv = `${HEADER}\nctr-new-1,Good One,094019245,+306900000901,C-1,2026-01-01,2027-12-31,,50\nctr-kyriakidis,Κυριακίδης Μεταφορική Μ.Ε.Π.Ε.,801552132,+306900000102,Σύμβαση 15/2026,2026-01-01,2027-06-30,,52\n`;
      const before = await contractorCount();
      const dry = await admin.call('POST', '/api/contractors/import?dryRun=true', { payload: csv, headers: { 'content-type': 'text/csv' } });
      expect(dry.body).toEqual({ created: 1, updated: 1, dryRun: true });
      expect(await contractorCount()).toBe(before);
      const real = await admin.call('POST', '/api/contractors/import', { payload: csv, headers: { 'content-type': 'text/csv' } });
      expect(real.body).toEqual({ created: 1, updated: 1, dryRun: false });
      expect(await contractorCount()).toBe(before + 1);
      expect((await operator.call('GET', '/api/contractors/ctr-kyriakidis')).body).toMatchObject({ contractEnd: '2027-06-30', hourlyRates: { water_tanker: 52 } });
    });

    it('exports contractors and machines as CSV that imports back unchanged', async () => {
      const contractors = await operator.call('GET', '/api/contractors.csv');
      expect(contractors.status).toBe(200);
      expect(contractors.headers['content-type']).toMatch(/^text\/csv/);
      expect(contractors.headers['content-disposition']).toBe('attachment; filename="contractors.csv"');
      const back = await admin.call('POST', '/api/contractors/import?dryRun=true', { payload: contractors.text, headers: { 'content-type': 'text/csv' } });
      expect(back.body).toMatchObject({ created: 0, updated: await contractorCount() });
      const machines = await viewer.call('GET', '/api/machines.csv');
      expect(machines.text.split('\n')[0]).toBe('id,type,plateOrSerial,contractorId,homeVillageId,model,tankLitres,bucketM3,pumpM3h,kW,status,notes');
      const machinesBack = await admin.call('POST', '/api/machines/import?dryRun=true', { payload: machines.text, headers: { 'content-type': 'text/csv' } });
      expect(machinesBack.body).toMatchObject({ created: 0, updated: 23 });
    });

    it('reports every bad row of a machine file, references included, and imports nothing', async () => {
      const csv = [
        'id,type,plateOrSerial,contractorId,homeVillageId,tankLitres,status',
        'm-new-1,water_tanker,XKE 7001,ctr-kyriakidis,vavdos,8000,',
        'm-new-2,water_tanker,XKE 7002,ctr-ghost,vavdos,8000,',
        'm-new-3,hovercraft,XKE 7003,ctr-kyriakidis,vavdos,,',
        'm-new-4,pump_unit,ΧΚΕ 2210,ctr-kyriakidis,vavdos,,',
        'm-wt-vavdos,water_tanker,ΧΚΕ 3387,ctr-kyriakidis,vavdos,5000,en_route',
        'm-new-5,grader,XKE 7005,ctr-kyriakidis,olympus,,',
      ].join('\n');
      const before = await machineCount();
      const res = await admin.call('POST', '/api/machines/import', { payload: csv, headers: { 'content-type': 'text/csv' } });
      expect(res.status).toBe(400);
      const problems = (res.body.error?.details as { problems: CsvProblem[] }).problems;
      expect(problems.map((p) => [p.row, p.column, p.reason])).toEqual([
        [3, 'contractorId', 'no contractor "ctr-ghost"; import the contractors first'],
        [4, 'type', expect.stringMatching(/^expected one of excavator/) as unknown],
        [5, 'plateOrSerial', 'already registered as machine m-wt-galatista'],
        [6, 'status', 'en_route is set by dispatches; write available or out_of_service, or leave it empty'],
        [7, 'homeVillageId', expect.stringMatching(/^no such village in the region/) as unknown],
      ]);
      expect(await machineCount()).toBe(before);
    });

    it('answers a CSV body with the wrong content type with a clear 415', async () => {
      const res = await admin.call('POST', '/api/machines/import', { payload: 'a,b', headers: { 'content-type': 'application/vnd.ms-excel' } });
      expect(res.status).toBe(415);
    });
  });

  describe('villages and coverage', () => {
    it('lists the region villages with their machines and coverage per hazard', async () => {
      const res = await viewer.call('GET', '/api/villages');
      const villages = res.body.villages as { id: string; machineIds: string[]; coverage: Record<string, string> }[];
      expect(villages).toHaveLength(13);
      expect(villages.find((v) => v.id === 'metamorfosi')).toMatchObject({ machineIds: ['m-gr-metamorfosi'], coverage: { fire: 'covered', snow: 'uncovered' } });
      const one = await viewer.call('GET', '/api/villages/galatista');
      expect((one.body.machines as MachineView[]).map((m) => m.id).sort()).toEqual(['m-sp-galatista', 'm-wt-galatista']);
      expect((await viewer.call('GET', '/api/villages/atlantis')).body.error?.code).toBe('village_not_found');
    });

    it('reports the demo’s uncovered village and its expiring and expired contracts', async () => {
      const res = await viewer.call('GET', '/api/coverage');
      expect(res.status).toBe(200);
      expect(res.body.radiusKm).toBe(15);
      const warnings = res.body.warnings as { code: string; villageId?: string; hazard?: string; contractorId?: string }[];
      expect(warnings.filter((w) => w.code === 'village_uncovered').map((w) => [w.villageId, w.hazard])).toEqual([['metamorfosi', 'snow']]);
      expect(warnings.filter((w) => w.code === 'contract_expiring').map((w) => w.contractorId)).toEqual(['ctr-georgiadis', 'ctr-ormylia-agro']);
      expect(warnings.filter((w) => w.code === 'contract_expired').map((w) => w.contractorId)).toEqual(['ctr-karagiannis']);
    });

    it('serves coverage as a GeoJSON layer', async () => {
      const res = await viewer.call('GET', '/api/coverage.geojson');
      expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
      const features = res.body.features as { id: string; properties: Record<string, unknown> }[];
      expect(features.find((f) => f.id === 'village:metamorfosi')?.properties).toMatchObject({ snow: 'uncovered', worst: 'uncovered' });
      expect(features.filter((f) => f.properties.kind === 'machine')).toHaveLength(await machineCount());
    });

    it('lists the machine vocabulary with the hazards each type serves', async () => {
      const res = await viewer.call('GET', '/api/machine-types');
      expect(res.body.machineTypes).toContainEqual({ type: 'backhoe_loader', hazards: ['flood', 'storm'] });
    });
  });
});
