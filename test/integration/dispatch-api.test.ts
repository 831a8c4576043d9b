import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';
import { LiveClient } from '../helpers/live-client.ts';
import { apiAs, type Api } from './dispatch.fixtures.ts';
import { signContractorLink } from '../../server/dispatch/contractor-link.ts';
import { loadOrCreateLinkKey } from '../../server/dispatch/contractor-link-key.ts';
import type { LoggingSmsSender } from '../../server/notify/sms-sender.ts';
import type { LoggingEmailSender } from '../../server/notify/email-sender.ts';
import { CONTRACTOR_LINK_HEADER, type ContractorJob, type DispatchView, type Incident, type RankedMachine } from '../../server/contracts/dispatch.ts';
import type { DispatchDeltaMessage, MachineDeltaMessage, ServerMessage, SnapshotMessage } from '../../server/contracts/live.ts';

/**
 * Incidents, suggestions and the dispatch lifecycle on the real server: officers through the API, the
 * contractor through the signed link, a dashboard through /ws watching every step.
 */
describe('dispatch API', () => {
  let server: TestServer;
  let operator: Api;
  let viewer: Api;
  let live: LiveClient;
  let incident: Incident;
  let dispatch: DispatchView;
  let link: string;

  beforeAll(async () => {
    server = await startTestServer({ OPERATIONS_PHONE: '+30 23710 22000' });
    [operator, viewer] = await Promise.all([apiAs(server, 'operator'), apiAs(server, 'viewer')]);
    live = await LiveClient.connect(server.wsUrl);
  });
  afterAll(async () => {
    live?.close();
    await server?.close();
  });

  const sms = () => server.app.skopia.machinery.sms as LoggingSmsSender;
  const asContractor = (method: 'GET' | 'POST', id: string, token: string | undefined, path = '', payload?: unknown) =>
    server.app.inject({
      method,
      url: `/api/contractor/dispatches/${id}${path}`,
      headers: token === undefined ? {} : { [CONTRACTOR_LINK_HEADER]: token },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });

  it('sends machines and open dispatches in the live snapshot', async () => {
    const snapshot = await live.waitFor((m): m is SnapshotMessage => m.type === 'snapshot');
    expect(snapshot.machines).toHaveLength(23);
    expect(snapshot.dispatches).toEqual([]);
  });

  it('records an incident at a map point, in the nearest village', async () => {
    const res = await operator.call('POST', '/api/incidents', {
      payload: { hazard: 'fire', lat: 40.44, lon: 23.5, description: 'Smoke above the forest road', source: 'citizen call' },
    });
    expect(res.status).toBe(201);
    incident = res.body as unknown as Incident;
    expect(incident).toMatchObject({ villageId: 'taxiarchis', status: 'open', createdBy: 'test-operator', source: 'citizen call' });
  });

  it.each([
    [{ hazard: 'volcano', lat: 40.44, lon: 23.5, description: 'Lava' }, 'body.hazard', /expected one of fire, flood, storm, snow/],
    [{ hazard: 'fire', lat: 123, lon: 23.5, description: 'Smoke' }, 'body.lat', /90/],
    [{ hazard: 'fire', lat: 23.5, lon: 40.44, description: 'Smoke, coordinates swapped' }, 'body.lat', /km from the nearest village of the region; check the coordinates \(latitude first\)/],
    [{ hazard: 'fire', lat: 40.44, lon: 23.5, description: '' }, 'body.description', /say in a few words/],
    [{ hazard: 'fire', lat: 40.44, lon: 23.5, description: 'Smoke', villageId: 'atlantis' }, 'body.villageId', /no village "atlantis"/],
  ])('rejects a bad incident %# naming %s', async (payload, field, message) => {
    const res = await operator.call('POST', '/api/incidents', { payload });
    expect(res.status).toBe(400);
    const details = res.body.error?.details as { field: string; message: string }[];
    expect(details.find((d) => d.field === field)?.message).toMatch(message);
  });

  it('lets viewers read incidents but not create them', async () => {
    expect((await viewer.call('POST', '/api/incidents', { payload: { hazard: 'fire', lat: 40.44, lon: 23.5, description: 'x y z' } })).status).toBe(403);
    expect(((await viewer.call('GET', '/api/incidents?status=open')).body.incidents as Incident[]).map((i) => i.id)).toContain(incident.id);
  });

  it('ranks machines for the incident, with reasons in words', async () => {
    const res = await viewer.call('GET', `/api/dispatch/suggestions?incidentId=${incident.id}&limit=5`);
    expect(res.status).toBe(200);
    const suggestions = res.body.suggestions as RankedMachine[];
    expect(suggestions).toHaveLength(5);
    expect(suggestions[0]).toMatchObject({ rank: 1, machineId: 'm-bd-taxiarchis', dispatchable: true });
    expect(suggestions.map((s) => s.machineType).every((t) => ['water_tanker', 'bulldozer', 'grader'].includes(t))).toBe(true);
    const tanker = suggestions.find((s) => s.machineId === 'm-wt-vrastama');
    expect(tanker?.reasons.map((r) => r.text)).toEqual(expect.arrayContaining(['water tanker — suited to fire', 'based in Vrastama', 'available now']));
    expect(tanker?.reasons.find((r) => r.code === 'distance')?.text).toMatch(/^\d+\.\d km, about \d+ min$/);
  });

  it('ranks by point too, and rejects half a point or two kinds of target', async () => {
    const byPoint = await viewer.call('GET', '/api/dispatch/suggestions?lat=40.23&lon=23.60&hazard=flood');
    expect((byPoint.body.suggestions as RankedMachine[])[0]?.machineType).toMatch(/pump_unit|backhoe_loader|excavator|tipper_truck/);
    const half = await viewer.call('GET', '/api/dispatch/suggestions?lat=40.23&hazard=flood');
    expect(half.status).toBe(400);
    expect(half.body.error?.message).toBe('querystring.lon: required with a point: give lat, lon and hazard');
    const both = await viewer.call('GET', `/api/dispatch/suggestions?lat=40.23&lon=23.6&hazard=flood&incidentId=${incident.id}`);
    expect(both.body.error?.message).toBe('querystring.lat: give either lat, lon and hazard, or incidentId, or alertId');
    // Alerts are targets too (the alerts service registers them); an unknown one is 404.
    const alert = await viewer.call('GET', '/api/dispatch/suggestions?alertId=a-1');
    expect([alert.status, alert.body.error?.code]).toEqual([404, 'alert_not_found']);
  });

  it('dispatches a machine: 201, machine dispatched, SMS with a signed link, e-mail, live deltas', async () => {
    const res = await operator.call('POST', '/api/dispatches', {
      payload: { machineId: 'm-bd-taxiarchis', target: { kind: 'incident', id: incident.id }, note: 'Cut a break along the forest road' },
    });
    expect(res.status).toBe(201);
    dispatch = res.body as unknown as DispatchView;
    expect(dispatch).toMatchObject({
      status: 'requested',
      machineId: 'm-bd-taxiarchis',
      contractorId: 'ctr-cholomontas',
      requestedBy: 'test-operator',
      target: { kind: 'incident', id: incident.id, hazard: 'fire', villageId: 'taxiarchis' },
      allowed: ['accepted', 'declined', 'cancelled'],
    });
    expect((await viewer.call('GET', '/api/machines/m-bd-taxiarchis')).body).toMatchObject({ status: 'dispatched', dispatchId: dispatch.id });

    await server.app.skopia.machinery.dispatch.idle();
    const message = sms().sent.find((m) => m.text.includes(dispatch.id));
    expect(message?.to).toBe('+306900000103');
    expect(message?.text).toMatch(/^Skopia: πυρκαγιά — ζητείται το μηχάνημά σας \(ΜΕ 097812\) κοντά σε: Ταξιάρχης\. Αποδοχή ή άρνηση: http:\/\/127\.0\.0\.1:\d+\/contractor\.html#t=d-/);
    link = /#t=(\S+)$/.exec(message?.text ?? '')?.[1] ?? '';
    const email = (server.app.skopia.machinery.email as LoggingEmailSender).sent.at(-1);
    expect(email).toMatchObject({ to: ['office@cholomontas-tech.example.com'], subject: 'Skopia κλήση: πυρκαγιά, Ταξιάρχης (ΜΕ 097812)' });
    expect(email?.text).toContain('+302371022000');

    const after = (await viewer.call('GET', `/api/dispatches/${dispatch.id}`)).body as unknown as DispatchView;
    expect(after.notifications.map((n) => [n.channel, n.via, n.ok])).toEqual([
      ['sms', 'log', true],
      ['email', 'log', true],
    ]);
    await live.waitFor((m) => m.type === 'dispatch' && m.dispatch.id === dispatch.id && m.dispatch.notifications.length === 2);
    await live.waitFor((m) => m.type === 'machine' && m.machineId === 'm-bd-taxiarchis' && m.machine?.status === 'dispatched');
  });

  it('refuses a machine that is busy, out of service, or on an expired contract (409, with a way out)', async () => {
    const again = await operator.call('POST', '/api/dispatches', { payload: { machineId: 'm-bd-taxiarchis', target: { kind: 'incident', id: incident.id } } });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'machine_busy', details: { dispatchId: dispatch.id } });
    expect(again.body.error?.message).toMatch(/choose another machine/);
    const expired = await operator.call('POST', '/api/dispatches', { payload: { machineId: 'm-gr-metamorfosi', target: { kind: 'incident', id: incident.id } } });
    expect(expired.body.error).toMatchObject({ code: 'contract_not_valid', message: expect.stringMatching(/contract that ended on \d{4}-\d{2}-\d{2}/) as unknown });
    const admin = await apiAs(server, 'admin');
    await admin.call('PATCH', '/api/machines/m-gr-taxiarchis/status', { payload: { status: 'out_of_service' } });
    const broken = await operator.call('POST', '/api/dispatches', { payload: { machineId: 'm-gr-taxiarchis', target: { kind: 'incident', id: incident.id } } });
    expect(broken.body.error?.code).toBe('machine_unavailable');
    await admin.call('PATCH', '/api/machines/m-gr-taxiarchis/status', { payload: { status: 'available' } });
    const onDispatch = await admin.call('PATCH', '/api/machines/m-bd-taxiarchis/status', { payload: { status: 'out_of_service' } });
    expect(onDispatch.body.error?.code).toBe('machine_on_dispatch');
  });

  it.each([
    [{ machineId: 'm-nope', target: { kind: 'incident', id: 'x' } }, 404, 'incident_not_found'],
    [{ machineId: 'm-wt-vavdos', target: { kind: 'alert', id: 'a-1' } }, 404, 'alert_not_found'],
    [{ machineId: 'm-wt-vavdos', target: { kind: 'wish', id: 'a-1' } }, 400, 'invalid_request'],
    [{ machineId: 'm-wt-vavdos' }, 400, 'invalid_request'],
  ])('refuses dispatch %o with %i %s', async (payload, status, code) => {
    const res = await operator.call('POST', '/api/dispatches', { payload });
    expect([res.status, res.body.error?.code]).toEqual([status, code]);
  });

  it('answers an invalid transition with 409 and the allowed ones', async () => {
    const res = await operator.call('POST', `/api/dispatches/${dispatch.id}/status`, { payload: { status: 'on_site' } });
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      code: 'invalid_transition',
      message: 'A dispatch that is requested cannot become on site; it can become accepted or declined or cancelled.',
      details: { status: 'requested', allowed: ['accepted', 'declined', 'cancelled'] },
    });
    expect((await viewer.call('POST', `/api/dispatches/${dispatch.id}/status`, { payload: { status: 'cancelled' } })).status).toBe(403);
  });

  describe('the contractor link', () => {
    it('opens the job with the link in the header', async () => {
      const res = await asContractor('GET', dispatch.id, link);
      expect(res.statusCode).toBe(200);
      const job = res.json<ContractorJob>();
      expect(job).toMatchObject({
        dispatchId: dispatch.id,
        status: 'requested',
        hazard: 'fire',
        villageName: 'Ταξιάρχης',
        description: 'Smoke above the forest road',
        note: 'Cut a break along the forest road',
        machine: { type: 'bulldozer', plateOrSerial: 'ΜΕ 097812' },
        actions: ['accept', 'decline'],
        operationsPhone: '+302371022000',
        language: 'el',
      });
    });

    it.each([
      ['no link', 401, 'link_missing', () => undefined],
      ['a forged signature', 401, 'link_invalid', () => `${link.slice(0, -3)}${link.endsWith('AAA') ? 'BBB' : 'AAA'}`],
      ['a stretched expiry', 401, 'link_invalid', () => link.replace(/\.(\d+)\./, (_m, e: string) => `.${Number(e) + 3600}.`)],
      ['a damaged link', 401, 'link_malformed', () => link.slice(0, 20)],
      ['an expired link', 410, 'link_expired', () => signContractorLink(loadOrCreateLinkKey(server.app.skopia.db, Date.now), dispatch.id, Date.now() - 1000)],
    ])('refuses %s (%i %s) on every route, before reading the body', async (_what, status, code, token) => {
      for (const [method, path, payload] of [
        ['GET', '', undefined],
        ['POST', '/actions', { action: 'accept' }],
        ['POST', '/position', { lat: 'junk' }],
      ] as const) {
        const res = await asContractor(method, dispatch.id, token(), path, payload);
        expect([res.statusCode, res.json<{ error: { code: string } }>().error.code]).toEqual([status, code]);
      }
    });

    it('refuses the link of one dispatch on another', async () => {
      const other = await operator.call('POST', '/api/dispatches', { payload: { machineId: 'm-wt-vrastama', target: { kind: 'incident', id: incident.id } } });
      const res = await asContractor('GET', String(other.body.id), link);
      expect(res.statusCode).toBe(401);
      expect(res.json<{ error: { message: string } }>().error.message).toMatch(/belongs to another dispatch/);
      const cancelled = await operator.call('POST', `/api/dispatches/${String(other.body.id)}/status`, { payload: { status: 'cancelled', note: 'not needed' } });
      expect(cancelled.body.status).toBe('cancelled');
      expect((await viewer.call('GET', '/api/machines/m-wt-vrastama')).body.status).toBe('available');
    });

    it('accepts, and the operations room sees it live with strictly increasing seq', async () => {
      const from = live.messages.length;
      const res = await asContractor('POST', dispatch.id, link, '/actions', { action: 'accept', note: 'leaving in 10 minutes' });
      expect(res.statusCode).toBe(200);
      expect(res.json<ContractorJob>()).toMatchObject({ status: 'accepted', actions: ['en_route'] });
      const delta = (await live.waitFor((m) => m.type === 'dispatch' && m.dispatch.id === dispatch.id && m.dispatch.status === 'accepted')) as DispatchDeltaMessage;
      expect(delta.dispatch.steps.at(-1)).toMatchObject({ status: 'accepted', by: `contractor:${dispatch.id}`, note: 'leaving in 10 minutes' });
      const machine = (await live.waitFor((m) => m.type === 'machine' && m.machineId === 'm-bd-taxiarchis' && m.machine?.status === 'accepted')) as MachineDeltaMessage;
      expect(machine.machine?.dispatchId).toBe(dispatch.id);
      const seqs = live.messages.map((m: ServerMessage) => m.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i));
      expect(live.messages.length).toBeGreaterThan(from);
      const audit = server.app.skopia.audit.query({ subjectType: 'dispatch', subjectId: dispatch.id });
      expect(audit[0]).toMatchObject({ action: 'dispatch.accepted', actor: `contractor:${dispatch.id}`, before: { status: 'requested' }, after: { status: 'accepted', machineStatus: 'accepted' } });
    });

    it('treats a repeated answer as done, and refuses what the contractor may not do with 409 and the allowed ones', async () => {
      expect((await asContractor('POST', dispatch.id, link, '/actions', { action: 'accept' })).statusCode).toBe(200);
      const res = await asContractor('POST', dispatch.id, link, '/actions', { action: 'on_site' });
      expect(res.statusCode).toBe(409);
      expect(res.json<{ error: { details: unknown } }>().error.details).toEqual({ status: 'accepted', allowed: ['en_route'] });
      const bad = await asContractor('POST', dispatch.id, link, '/actions', { action: 'release' });
      expect(bad.statusCode).toBe(400);
    });

    it('takes positions while en route and shows them live on the machine', async () => {
      expect((await asContractor('POST', dispatch.id, link, '/actions', { action: 'en_route' })).json<ContractorJob>().actions).toEqual(['on_site']);
      const res = await asContractor('POST', dispatch.id, link, '/position', { lat: 40.436, lon: 23.505, accuracyM: 12 });
      expect(res.statusCode).toBe(204);
      const machine = (await live.waitFor((m) => m.type === 'machine' && m.machine?.position.source === 'reported')) as MachineDeltaMessage;
      expect(machine.machine?.position).toMatchObject({ lat: 40.436, lon: 23.505, source: 'reported' });
      expect(((await viewer.call('GET', `/api/dispatches/${dispatch.id}`)).body as unknown as DispatchView).position).toMatchObject({ lat: 40.436, lon: 23.505 });
      const outOfRange = await asContractor('POST', dispatch.id, link, '/position', { lat: 140, lon: 23.5 });
      expect(outOfRange.statusCode).toBe(400);
    });

    it('reaches on site; only the operations room releases, which frees the machine', async () => {
      expect((await asContractor('POST', dispatch.id, link, '/actions', { action: 'on_site' })).json<ContractorJob>()).toMatchObject({ status: 'on_site', actions: [] });
      expect((await viewer.call('GET', '/api/machines/m-bd-taxiarchis')).body.status).toBe('on_scene');
      const released = await operator.call('POST', `/api/dispatches/${dispatch.id}/status`, { payload: { status: 'released', note: 'fire break done' } });
      expect(released.body).toMatchObject({ status: 'released', allowed: [] });
      const view = released.body as unknown as DispatchView;
      expect(Object.keys(view.times)).toEqual(['requested', 'accepted', 'en_route', 'on_site', 'released']);
      expect((await viewer.call('GET', '/api/machines/m-bd-taxiarchis')).body).toMatchObject({ status: 'available', dispatchId: null });
      await live.waitFor((m) => m.type === 'dispatch' && m.dispatch.id === dispatch.id && m.dispatch.status === 'released');
      // A closed dispatch: the link still shows it, but nothing more can be done.
      const late = await asContractor('POST', dispatch.id, link, '/position', { lat: 40.4, lon: 23.5 });
      expect(late.statusCode).toBe(409);
      expect((await asContractor('GET', dispatch.id, link)).json<ContractorJob>()).toMatchObject({ status: 'released', actions: [] });
    });

    it('sends a fresh link on request while a dispatch is open', async () => {
      const d = await operator.call('POST', '/api/dispatches', { payload: { machineId: 'm-wt-vavdos', target: { kind: 'incident', id: incident.id } } });
      const id = String(d.body.id);
      await server.app.skopia.machinery.dispatch.idle();
      const resent = await operator.call('POST', `/api/dispatches/${id}/resend-link`);
      expect(resent.status).toBe(200);
      await server.app.skopia.machinery.dispatch.idle();
      expect(sms().sent.filter((m) => m.text.includes(id))).toHaveLength(2);
      await operator.call('POST', `/api/dispatches/${id}/status`, { payload: { status: 'declined', note: 'contractor phoned: driver ill' } });
      expect((await operator.call('POST', `/api/dispatches/${id}/resend-link`)).body.error?.code).toBe('dispatch_closed');
    });
  });

  it('lists dispatches by incident, machine and openness; closes the incident when nothing is open', async () => {
    const all = (await viewer.call('GET', `/api/dispatches?incidentId=${incident.id}`)).body.dispatches as DispatchView[];
    expect(all.map((d) => d.status).sort()).toEqual(['cancelled', 'declined', 'released']);
    expect(((await viewer.call('GET', '/api/dispatches?open=true')).body.dispatches as DispatchView[]).length).toBe(0);
    const detail = await viewer.call('GET', `/api/incidents/${incident.id}`);
    expect((detail.body.dispatches as unknown[]).length).toBe(3);
    const closed = await operator.call('POST', `/api/incidents/${incident.id}/close`, { payload: { note: 'fire out' } });
    expect(closed.body).toMatchObject({ status: 'closed' });
    const toClosed = await operator.call('POST', '/api/dispatches', { payload: { machineId: 'm-wt-vavdos', target: { kind: 'incident', id: incident.id } } });
    expect(toClosed.body.error?.code).toBe('incident_not_found');
  });
});
