import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/config.ts';
import { buildApp } from '../../server/app.ts';
import { freePort } from '../helpers/free-port.ts';
import { CONTRACTOR_LINK_HEADER } from '../../server/contracts/dispatch.ts';
import type { LoggingSmsSender } from '../../server/notify/sms-sender.ts';

/**
 * Reports on a server whose clock the test moves: an incident reported at 10:00, a tanker requested at
 * 10:04, on site at 10:24 and released at 12:54 bills 2.5 h at the contractor's rate.
 */
const T0 = Date.parse('2026-11-23T08:00:00Z');
const MIN = 60_000;

describe('dispatch reports API', () => {
  let app: FastifyInstance;
  let dataDir: string;
  let clock = T0;
  let bearer: Record<string, string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'skopia-report-'));
    const config = parseConfig({
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(await freePort()),
      EMBEDDED_MQTT_HOST: '127.0.0.1',
      EMBEDDED_MQTT_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
    });
    app = await buildApp(config, { now: () => clock });
    await app.ready();
    bearer = { authorization: `Bearer ${app.skopia.accounts.tokens.create({ kind: 'api', name: 'report test', role: 'operator', createdBy: 'test' }).secret}` };
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = async (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) => {
    const res = await app.inject({ method, url, headers: bearer, ...(payload ? { payload } : {}) });
    return res;
  };
  const contractorStep = async (dispatchId: string, action: string) => {
    await app.skopia.machinery.dispatch.idle();
    const text = (app.skopia.machinery.sms as LoggingSmsSender).sent.find((m) => m.text.includes(dispatchId))?.text ?? '';
    const token = /#t=(\S+)$/.exec(text)?.[1] ?? '';
    const res = await app.inject({ method: 'POST', url: `/api/contractor/dispatches/${dispatchId}/actions`, headers: { [CONTRACTOR_LINK_HEADER]: token }, payload: { action } });
    expect(res.statusCode).toBe(200);
  };

  it('computes time to dispatch, time to arrival, hours on site and the amount', async () => {
    const incident = (await call('POST', '/api/incidents', { hazard: 'fire', lat: 40.467, lon: 23.29, description: 'Grass fire by the road' })).json<{ id: string }>();
    clock += 4 * MIN;
    const d = (await call('POST', '/api/dispatches', { machineId: 'm-wt-galatista', target: { kind: 'incident', id: incident.id } })).json<{ id: string }>();
    clock += 1 * MIN;
    await contractorStep(d.id, 'accept');
    clock += 2 * MIN;
    await contractorStep(d.id, 'en_route');
    clock += 17 * MIN;
    await contractorStep(d.id, 'on_site');
    clock += 150 * MIN;
    expect((await call('POST', `/api/dispatches/${d.id}/status`, { status: 'released' })).statusCode).toBe(200);

    // A second dispatch the contractor declines, in another village.
    const flood = (await call('POST', '/api/incidents', { hazard: 'flood', lat: 40.3, lon: 23.55, description: 'Water over the road' })).json<{ id: string }>();
    clock += 10 * MIN;
    const declined = (await call('POST', '/api/dispatches', { machineId: 'm-pu-ormylia', target: { kind: 'incident', id: flood.id } })).json<{ id: string }>();
    await contractorStep(declined.id, 'decline');

    const res = await call('GET', '/api/reports/dispatches');
    expect(res.statusCode).toBe(200);
    const body = res.json<{ currency: string; dispatches: Record<string, unknown>[] }>();
    expect(body.currency).toBe('EUR');
    expect(body.dispatches).toHaveLength(2);
    expect(body.dispatches.find((r) => r.dispatchId === d.id)).toMatchObject({
      status: 'released',
      villageId: 'galatista',
      contractorId: 'ctr-kyriakidis',
      machineType: 'water_tanker',
      timeToDispatchMin: 4,
      timeToArrivalMin: 20,
      hoursOnSite: 2.5,
      hourlyRate: 50,
      amount: 125,
    });
    expect(body.dispatches.find((r) => r.dispatchId === declined.id)).toMatchObject({ status: 'declined', timeToDispatchMin: 10, hoursOnSite: null, amount: null });
  });

  it('sums per contractor and per village', async () => {
    const contractors = (await call('GET', '/api/reports/contractors')).json<{ contractors: Record<string, unknown>[] }>().contractors;
    expect(contractors).toEqual([
      expect.objectContaining({ contractorId: 'ctr-ormylia-agro', dispatches: 1, declined: 1, accepted: 0, hoursOnSite: 0, amount: 0 }),
      expect.objectContaining({ contractorId: 'ctr-kyriakidis', dispatches: 1, accepted: 1, hoursOnSite: 2.5, amount: 125, medianTimeToArrivalMin: 20 }),
    ]);
    const villages = (await call('GET', '/api/reports/villages')).json<{ villages: Record<string, unknown>[] }>().villages;
    expect(villages.map((v) => [v.villageId, v.dispatches, v.fire, v.flood])).toEqual([
      ['galatista', 1, 1, 0],
      ['ormylia', 1, 0, 1],
    ]);
  });

  it('filters by contractor, village and period, and answers CSV', async () => {
    const one = (await call('GET', '/api/reports/dispatches?contractorId=ctr-kyriakidis')).json<{ dispatches: unknown[] }>();
    expect(one.dispatches).toHaveLength(1);
    expect((await call('GET', '/api/reports/dispatches?villageId=ormylia')).json<{ dispatches: unknown[] }>().dispatches).toHaveLength(1);
    expect((await call('GET', `/api/reports/dispatches?from=${T0 + 60 * MIN}`)).json<{ dispatches: unknown[] }>().dispatches).toHaveLength(1);
    const csv = await call('GET', '/api/reports/dispatches?format=csv&contractorId=ctr-kyriakidis');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [header, row] = csv.body.trim().split('\n');
    expect(header).toBe(
      'dispatchId,requestedAt,status,hazard,targetKind,targetId,villageId,contractorId,contractorName,machineId,plateOrSerial,machineType,timeToDispatchMin,timeToArrivalMin,hoursOnSite,onSiteOngoing,hourlyRate,amount',
    );
    expect(row).toMatch(/^d-[0-9a-f]+,2026-11-23T08:04:00\.000Z,released,fire,incident,inc-[0-9a-f]+,galatista,ctr-kyriakidis,Κυριακίδης Μεταφορική Μ\.Ε\.Π\.Ε\.,m-wt-galatista,ΧΚΕ 2210,water_tanker,4,20,2\.5,false,50,125$/);
    expect((await call('GET', '/api/reports/contractors?format=csv')).body.split('\n')[0]).toBe(
      'contractorId,contractorName,dispatches,accepted,declined,cancelled,hoursOnSite,amount,medianTimeToArrivalMin',
    );
    expect((await call('GET', '/api/reports/villages?format=csv')).body.split('\n')[0]).toMatch(/^villageId,villageName,dispatches,fire,flood,storm,snow/);
  });

  it.each([
    ['/api/reports/dispatches?format=xlsx', 'querystring.format: expected json or csv'],
    ['/api/reports/dispatches?from=2026-12-01&to=2026-11-01', 'querystring.from: from must be before to'],
    ['/api/reports/villages?from=yesterday', 'querystring.from: expected epoch ms, an ISO date-time or YYYY-MM-DD'],
  ])('rejects %s', async (url, message) => {
    const res = await call('GET', url);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { message: string } }>().error.message).toBe(message);
  });

  it('needs an operator: a viewer is refused', async () => {
    const viewer = app.skopia.accounts.tokens.create({ kind: 'api', name: 'viewer', role: 'viewer', createdBy: 'test' }).secret;
    const res = await app.inject({ method: 'GET', url: '/api/reports/dispatches', headers: { authorization: `Bearer ${viewer}` } });
    expect(res.statusCode).toBe(403);
  });
});
