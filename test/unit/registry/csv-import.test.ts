import { describe, expect, it } from 'vitest';
import { CONTRACTOR_CSV_HEADER, contractorsToCsv, parseContractorCsv } from '../../../server/registry/contractor-csv.ts';
import { machinesToCsv, parseMachineCsv } from '../../../server/registry/machine-csv.ts';
import type { Contractor, Machine } from '../../../server/contracts/machinery.ts';

const HEADER = 'id,name,taxId,phone,contractRef,contractStart,contractEnd,email,rate_water_tanker';

describe('contractor CSV', () => {
  it('reads good rows, normalising the tax id and the phone', () => {
    const { rows, problems } = parseContractorCsv(`${HEADER}\nctr-a,Alpha O.E.,EL 099 812 341,+30 690 000 0101,C-1,2026-01-01,2026-12-31,a@example.com,50\n`, 'GR');
    expect(problems).toEqual([]);
    expect(rows[0]).toMatchObject({ row: 2, input: { id: 'ctr-a', taxId: '099812341', phone: '+306900000101', hourlyRates: { water_tanker: 50 } } });
  });

  it('reports every bad cell of every row, with row numbers as a spreadsheet shows them', () => {
    const csv = [
      HEADER,
      'ctr-a,Alpha O.E.,099812341,+306900000101,C-1,2026-01-01,2026-12-31,,50',
      'ctr-b,,099812342,0030690,C-2,2026-02-30,2026-12-31,not-an-email,fifty',
      '',
      'ctr-c,Gamma,094019245,+306900000103,C-3,2026-06-01,2026-05-01,,-3',
      'ctr-a,Alpha again,099812341,+306900000101,C-4,2026-01-01,2026-12-31,,',
      'bad id!,Delta,5261040828,+48600000201,C-5,2026-01-01,2026-12-31,,',
    ].join('\n');
    const { problems } = parseContractorCsv(csv, 'GR');
    expect(problems).toEqual([
      { row: 3, column: 'name', reason: 'required' },
      { row: 3, column: 'taxId', reason: 'AFM check digit is 2, expected 1: check the number for a typo' },
      { row: 3, column: 'phone', reason: 'expected an international phone number in E.164 form, such as +306912345678' },
      { row: 3, column: 'email', reason: 'expected an e-mail address such as office@example.gr' },
      { row: 3, column: 'contractStart', reason: 'expected a date written YYYY-MM-DD, such as 2026-12-31' },
      { row: 3, column: 'rate_water_tanker', reason: 'expected a number such as 45.5' },
      { row: 5, column: 'rate_water_tanker', reason: 'must be above 0' },
      { row: 5, column: 'contractEnd', reason: 'must not be before contractStart' },
      { row: 6, column: 'id', reason: 'duplicate id "ctr-a", first on row 2' },
      { row: 6, column: 'taxId', reason: 'the same tax id as row 2' },
      { row: 7, column: 'id', reason: 'letters, digits, "_", "." or "-", at most 64 characters' },
      { row: 7, column: 'taxId', reason: 'expected a Greek AFM of 9 digits' },
    ]);
  });

  it('reports an end date before the start on the end column', () => {
    const { problems } = parseContractorCsv(`${HEADER}\nctr-c,Gamma,094019245,+306900000103,C-3,2026-06-01,2026-05-01,,\n`, 'GR');
    expect(problems).toEqual([{ row: 2, column: 'contractEnd', reason: 'must not be before contractStart' }]);
  });

  it('checks the header: missing, unknown and repeated columns', () => {
    const { problems } = parseContractorCsv('id,name,name,taxId,phone,colour\nx,y,y,099812341,+306900000101,red\n', 'GR');
    expect(problems.filter((p) => p.row === 1).map((p) => [p.column, p.reason])).toEqual([
      ['name', 'this column appears twice'],
      ['colour', 'unknown column; expected columns: id, name, taxId, phone, contractRef, contractStart, contractEnd, email, notes, rate_excavator, rate_backhoe_loader, rate_bulldozer, rate_grader, rate_water_tanker, rate_tipper_truck, rate_snow_plough, rate_pump_unit, rate_generator'],
      ['contractRef', 'required column is missing'],
      ['contractStart', 'required column is missing'],
      ['contractEnd', 'required column is missing'],
    ]);
  });

  it('reports an empty file and a row with too many fields', () => {
    expect(parseContractorCsv('', 'GR').problems[0]).toMatchObject({ row: 1, column: '(header)' });
    expect(parseContractorCsv(`${HEADER}\na,b,c,d,e,f,g,h,i,j\n`, 'GR').problems).toEqual([
      { row: 2, column: '(row)', reason: 'has 10 fields but the header has 9; quote values that contain a comma' },
    ]);
  });

  it('exports what it imports', () => {
    const contractor: Contractor = {
      id: 'ctr-a',
      name: 'Alpha, "the first" O.E.',
      taxId: '099812341',
      phone: '+306900000101',
      email: null,
      contractRef: 'Σύμβαση 1/2026',
      contractStart: '2026-01-01',
      contractEnd: '2026-12-31',
      hourlyRates: { water_tanker: 50, excavator: 55.5 },
      notes: 'line one\nline two',
      createdAt: 0,
      updatedAt: 0,
    };
    const csv = contractorsToCsv([contractor]);
    expect(csv.split('\n')[0]).toBe(CONTRACTOR_CSV_HEADER.join(','));
    const { rows, problems } = parseContractorCsv(csv, 'GR');
    expect(problems).toEqual([]);
    expect(rows[0]?.input).toEqual({
      id: 'ctr-a',
      name: contractor.name,
      taxId: contractor.taxId,
      phone: contractor.phone,
      email: null,
      contractRef: contractor.contractRef,
      contractStart: contractor.contractStart,
      contractEnd: contractor.contractEnd,
      hourlyRates: contractor.hourlyRates,
      notes: contractor.notes,
    });
  });
});

describe('machine CSV', () => {
  const VILLAGES = ['alpha', 'beta'];
  const H = 'id,type,plateOrSerial,contractorId,homeVillageId,tankLitres,status';

  it('reports every bad row: type, village, capability, status, duplicates', () => {
    const csv = [
      H,
      'm-1,water_tanker,xke 1234,ctr-a,alpha,10000,',
      'm-2,water_truck,XKE 2,ctr-a,omega,lots,broken',
      'm-3,pump_unit,XKE 1234,ctr-a,beta,,out_of_service',
      'm-1,grader,XKE 9,ctr-a,beta,,',
    ].join('\n');
    const { rows, problems } = parseMachineCsv(csv, VILLAGES);
    expect(problems).toEqual([
      { row: 3, column: 'status', reason: 'expected one of available, dispatched, accepted, en_route, on_scene, out_of_service, or empty for available' },
      {
        row: 3,
        column: 'type',
        reason: 'expected one of excavator, backhoe_loader, bulldozer, grader, water_tanker, tipper_truck, snow_plough, pump_unit, generator',
      },
      { row: 3, column: 'homeVillageId', reason: 'no such village in the region; expected one of alpha, beta' },
      { row: 3, column: 'tankLitres', reason: 'expected a number such as 10000' },
      { row: 4, column: 'plateOrSerial', reason: 'the same plate or serial as row 2' },
      { row: 5, column: 'id', reason: 'duplicate id "m-1", first on row 2' },
    ]);
    expect(rows[0]?.input).toMatchObject({ plateOrSerial: 'XKE 1234', capabilities: { tankLitres: 10000 }, status: undefined });
  });

  it('exports machines with their capabilities and status', () => {
    const m: Machine = {
      id: 'm-1',
      type: 'pump_unit',
      plateOrSerial: 'SN-1',
      model: null,
      contractorId: 'ctr-a',
      homeVillageId: 'alpha',
      capabilities: { pumpM3h: 120 },
      status: 'out_of_service',
      position: { lat: 0, lon: 0, at: null, source: 'home' },
      notes: null,
      createdAt: 0,
      updatedAt: 0,
    };
    const csv = machinesToCsv([m]);
    expect(csv).toBe('id,type,plateOrSerial,contractorId,homeVillageId,model,tankLitres,bucketM3,pumpM3h,kW,status,notes\nm-1,pump_unit,SN-1,ctr-a,alpha,,,,120,,out_of_service,\n');
    expect(parseMachineCsv(csv, VILLAGES).rows[0]?.input).toMatchObject({ capabilities: { pumpM3h: 120 }, status: 'out_of_service' });
  });
});
