import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.ts';
import { LiveClient } from '../helpers/live-client.ts';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';
import type { LoggingSmsSender } from '../../server/notify/sms-sender.ts';
import type { DispatchDeltaMessage, MachineDeltaMessage } from '../../server/contracts/live.ts';

/**
 * The contractor's side of a dispatch, end to end: an officer dispatches a water tanker to a fire, the
 * contractor opens the SMS link on a phone (Chromium at phone size, Greek, position allowed), accepts,
 * sets off and arrives, while a dashboard client on /ws sees every step. Screenshots go to
 * test-artifacts/ to be looked at.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARTIFACTS = join(ROOT, 'test-artifacts');
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;
const ON_THE_ROAD = { latitude: 40.452, longitude: 23.322 };

describe.skipIf(!chromiumAvailable())('contractor dispatch page in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let phone: BrowserContext;
  let page: Page;
  let live: LiveClient;
  let headers: Record<string, string>;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dashboard', 'dist', 'contractor.html'))) {
      throw new Error('dashboard/dist/contractor.html is missing: run `npm run build` first (`npm run test:e2e` does).');
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer({ OPERATIONS_PHONE: '+302371022000' });
    const session = await server.login('operator');
    headers = { cookie: session.cookie, 'x-csrf-token': session['x-csrf-token'] };
    live = await LiveClient.connect(server.wsUrl);
    browser = await launchChromium();
    phone = await browser.newContext({ ...PHONE, locale: 'el-GR', timezoneId: 'Europe/Athens', geolocation: ON_THE_ROAD, permissions: ['geolocation'] });
    page = await phone.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    live?.close();
    await browser?.close();
    await server?.close();
  });

  async function dispatchTo(machineId: string, incident: { hazard: string; lat: number; lon: number; description: string }, note?: string): Promise<{ id: string; link: string }> {
    const created = await server.app.inject({ method: 'POST', url: '/api/incidents', headers, payload: incident });
    const target = { kind: 'incident', id: created.json<{ id: string }>().id };
    const res = await server.app.inject({ method: 'POST', url: '/api/dispatches', headers, payload: { machineId, target, ...(note ? { note } : {}) } });
    expect(res.statusCode).toBe(201);
    const { id } = res.json<{ id: string }>();
    await server.app.skopia.machinery.dispatch.idle();
    const sms = (server.app.skopia.machinery.sms as LoggingSmsSender).sent.find((m) => m.text.includes(id));
    const link = /(https?:\/\/\S+#t=\S+)$/.exec(sms?.text ?? '')?.[1];
    if (link === undefined) throw new Error(`no SMS with a link for ${id}`);
    return { id, link };
  }

  const status = () => page.getByTestId('job-status');
  const dispatchDelta = (id: string, dispatchStatus: string) => (m: unknown): m is DispatchDeltaMessage =>
    (m as DispatchDeltaMessage).type === 'dispatch' && (m as DispatchDeltaMessage).dispatchId === id && (m as DispatchDeltaMessage).dispatch.status === dispatchStatus;

  it('accepts a dispatch from the SMS link while the operations room watches live', async () => {
    const { id, link } = await dispatchTo(
      'm-wt-galatista',
      { hazard: 'fire', lat: 40.4585, lon: 23.3012, description: 'Grass fire spreading towards the olive groves' },
      'Enter from the Vavdos road; the fire brigade is at the chapel',
    );
    expect(new URL(link).origin).toBe(server.httpUrl);

    await page.goto(link);
    await expect.poll(() => status().getAttribute('data-status'), { timeout: 15_000 }).toBe('requested');
    // The phone speaks Greek; the job is in Greek with the place, the note, the machine and a maps link.
    expect(await page.getByTestId('job-hazard').textContent()).toBe('Πυρκαγιά');
    expect(await page.getByTestId('job-place').textContent()).toBe('Γαλάτιστα');
    expect(await page.getByTestId('job-note').textContent()).toBe('Enter from the Vavdos road; the fire brigade is at the chapel');
    expect(await page.getByTestId('job-machine').textContent()).toBe('Υδροφόρα · ΧΚΕ 2210');
    expect(await page.getByTestId('job-map-link').getAttribute('href')).toBe('https://www.google.com/maps/search/?api=1&query=40.458500,23.301200');
    expect(await page.getByTestId('call-operations').getAttribute('href')).toBe('tel:+302371022000');
    const accept = page.getByTestId('action-accept');
    const box = await accept.boundingBox();
    // A thumb-sized button across the screen.
    expect(box?.height).toBeGreaterThanOrEqual(60);
    expect(box?.width).toBeGreaterThanOrEqual(300);
    await page.screenshot({ path: join(ARTIFACTS, 'contractor-dispatch-requested.png'), fullPage: true });

    await accept.tap();
    await expect.poll(() => status().getAttribute('data-status')).toBe('accepted');
    const accepted = await live.waitFor(dispatchDelta(id, 'accepted'));
    expect(accepted.dispatch.steps.at(-1)?.by).toBe(`contractor:${id}`);
    await live.waitFor((m): m is MachineDeltaMessage => m.type === 'machine' && m.machineId === 'm-wt-galatista' && m.machine?.status === 'accepted');

    await page.getByTestId('action-en_route').tap();
    await expect.poll(() => status().getAttribute('data-status')).toBe('en_route');
    await live.waitFor(dispatchDelta(id, 'en_route'));
    // The phone shares its position: the dashboard sees the machine move.
    const moved = await live.waitFor(
      (m): m is MachineDeltaMessage => m.type === 'machine' && m.machineId === 'm-wt-galatista' && m.machine?.position.source === 'reported',
      15_000,
    );
    expect(moved.machine?.position).toMatchObject({ lat: ON_THE_ROAD.latitude, lon: ON_THE_ROAD.longitude, source: 'reported' });
    await expect.poll(() => page.getByTestId('position-sharing').getAttribute('data-state')).toBe('sharing');
    await page.screenshot({ path: join(ARTIFACTS, 'contractor-dispatch-en-route.png'), fullPage: true });

    await page.getByTestId('action-on_site').tap();
    await expect.poll(() => status().getAttribute('data-status')).toBe('on_site');
    const onSite = await live.waitFor(dispatchDelta(id, 'on_site'));
    expect(Object.keys(onSite.dispatch.times)).toEqual(['requested', 'accepted', 'en_route', 'on_site']);
    expect(await page.locator('[data-testid^="action-"]').count()).toBe(0);

    // Every live message kept the strict seq + 1 the dashboard relies on.
    expect(live.messages.map((m) => m.seq)).toEqual(live.messages.map((_, i) => i));
    expect(pageErrors).toEqual([]);
  });

  it('declines with a reason, in the language the contractor picks', async () => {
    const { id, link } = await dispatchTo('m-pu-ormylia', { hazard: 'flood', lat: 40.3, lon: 23.55, description: 'Water over the road to the monastery' });
    await page.goto('about:blank');
    await page.goto(link);
    await expect.poll(() => status().getAttribute('data-status'), { timeout: 15_000 }).toBe('requested');
    await page.getByRole('button', { name: 'EN' }).tap();
    expect(await page.getByTestId('job-hazard').textContent()).toBe('Flood');

    await page.getByTestId('action-decline').tap();
    await page.getByTestId('decline-confirm').getByRole('textbox').fill('Pump is on another job in Nikiti');
    await page.screenshot({ path: join(ARTIFACTS, 'contractor-dispatch-decline.png'), fullPage: true });
    expect(await page.getByTestId('decline-confirm-button').textContent()).toMatch(/Yes, decline/);
    await page.getByTestId('decline-confirm-button').tap();
    await expect.poll(() => status().getAttribute('data-status')).toBe('declined');
    expect(await status().textContent()).toMatch(/You declined this request/);
    const declined = await live.waitFor(dispatchDelta(id, 'declined'));
    expect(declined.dispatch.steps.at(-1)?.note).toBe('Pump is on another job in Nikiti');
    await live.waitFor((m): m is MachineDeltaMessage => m.type === 'machine' && m.machineId === 'm-pu-ormylia' && m.machine?.status === 'available');
  });

  it('says plainly when a link is forged or missing', async () => {
    const { link } = await dispatchTo('m-wt-kalyves', { hazard: 'fire', lat: 40.296, lon: 23.407, description: 'Smoke behind the school' });
    const forged = link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    await page.goto('about:blank');
    await page.goto(forged);
    const error = page.getByTestId('link-error');
    await expect.poll(() => error.getAttribute('data-code'), { timeout: 15_000 }).toBe('link_invalid');
    expect(await error.textContent()).toMatch(/This link is not valid\. Open it again from your SMS or e-mail, or call the operations room\./);
    // Even with a dead link, the page offers the call it asks for.
    expect(await page.getByTestId('call-operations').getAttribute('href')).toBe('tel:+302371022000');
    await page.screenshot({ path: join(ARTIFACTS, 'contractor-dispatch-invalid-link.png'), fullPage: true });

    await page.goto(`${server.httpUrl}/contractor.html`);
    await expect.poll(() => page.getByTestId('link-error').getAttribute('data-code')).toBe('link_missing');
    expect(pageErrors).toEqual([]);
  });
});
