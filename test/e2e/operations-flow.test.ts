import type { MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggingSmsSender } from '../../server/notify/sms-sender.ts';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.ts';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';
import { artifact, createOfficer, prepareArtifacts, publishReading, signIn, watchErrors } from './dashboard-fixtures.ts';

/**
 * The whole operation, as the operations room lives it, in three browser contexts on the real server:
 * a gateway's reading raises an alert that appears on the wall screen (kiosk link, its own context);
 * an officer at the console acknowledges it with a comment and dispatches a machine; the contractor
 * opens the SMS link on a phone and accepts. The wall screen shows each step live, without anyone
 * touching it, and so does the officer's dispatch tracker for the contractor's answer.
 */
describe.skipIf(!chromiumAvailable())('from a reading to an accepted dispatch, live on every screen', () => {
  let server: TestServer;
  let gateway: MqttClient;
  let browser: Browser;
  let wall: Page;
  let officer: Page;
  let phone: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    prepareArtifacts();
    server = await startTestServer({ OPERATIONS_PHONE: '+302371022000' });
    await createOfficer(server, 'eleni', 'operator', 'Eleni Georgiou');
    gateway = await server.connectGateway('gw-polygyros');
    browser = await launchChromium();
    wall = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    officer = await (await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'en-GB' })).newPage();
    phone = await (
      await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-GB' })
    ).newPage();
    for (const page of [wall, officer, phone]) watchErrors(page, pageErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.endAsync();
    await server?.close();
  });

  const focusCard = () => wall.getByTestId('wall-focus');
  const tracker = () => officer.getByTestId('dispatch-tracker');
  let dispatchId = '';

  it('a published reading raises an alert that appears on the wall screen and at the console', async () => {
    await wall.goto(server.dashboardUrl);
    await officer.goto(server.httpUrl);
    await signIn(officer, 'eleni');
    await expect.poll(() => wall.getByTestId('connection-indicator').getAttribute('data-status'), { timeout: 20_000 }).toBe('live');
    await expect.poll(() => officer.getByTestId('connection-indicator').getAttribute('data-status'), { timeout: 20_000 }).toBe('live');

    await publishReading(gateway, 'gw-polygyros', 'ws-polygyros', { wind_gust_kmh: 104, air_temperature_c: 24 });
    await expect.poll(() => wall.getByTestId('alert-banner').getAttribute('data-count'), { timeout: 10_000 }).toBe('1');
    expect(await focusCard().textContent()).toContain('Strong wind gusts');
    expect(await focusCard().getByTestId('wall-focus-value').textContent()).toBe('104\u00a0km/h');
    expect(await focusCard().locator('[data-state]').getAttribute('data-state')).toBe('firing');
    await officer.getByTestId('alert-list').locator('button').first().waitFor({ timeout: 10_000 });
    await wall.waitForTimeout(2600);
    await wall.screenshot({ path: artifact('flow-1-wall-alert-raised.png') });
  });

  it('the officer acknowledges it with a comment; the wall shows who and when', async () => {
    await officer.getByTestId('alert-list').locator('button').first().click();
    await officer.getByTestId('alert-acknowledge').click();
    await officer.getByTestId('comment-input').fill('Trees down on the Polygyros–Taxiarchis road; police informed.');
    await officer.getByTestId('comment-submit').click();
    await expect.poll(() => officer.getByTestId('alert-panel').getAttribute('data-state')).toBe('acknowledged');

    await expect.poll(() => focusCard().locator('[data-state]').getAttribute('data-state'), { timeout: 10_000 }).toBe('acknowledged');
    expect(await focusCard().textContent()).toMatch(/Acknowledged\s+by eleni at \d\d:\d\d/);
    expect(await wall.getByTestId('alert-banner').textContent()).not.toContain('not acknowledged');
    await officer.screenshot({ path: artifact('flow-2-console-acknowledged.png') });
  });

  it('the officer dispatches the first suggested machine with one click; the wall shows it requested', async () => {
    await officer.getByTestId('alert-dispatch').click();
    const suggestions = officer.getByTestId('suggestions');
    await expect.poll(() => suggestions.locator('> li').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const first = suggestions.locator('> li').first();
    expect(await first.textContent()).toMatch(/for Storm \(choice \d\)/);
    await first.getByTestId('dispatch-machine').click();

    const row = tracker().locator('[data-dispatch-id]').first();
    await row.waitFor({ timeout: 10_000 });
    dispatchId = (await row.getAttribute('data-dispatch-id')) ?? '';
    expect(await row.getAttribute('data-status')).toBe('requested');
    await expect.poll(() => focusCard().locator('.dispatches [data-status]').first().getAttribute('data-status'), { timeout: 10_000 }).toBe('requested');
    await officer.screenshot({ path: artifact('flow-3-console-dispatched.png') });
  });

  it('the contractor accepts through the SMS link; the officer and the wall see it at once', async () => {
    await server.app.skopia.machinery.dispatch.idle();
    const sms = (server.app.skopia.machinery.sms as LoggingSmsSender).sent.find((m) => m.text.includes(dispatchId));
    const link = /(https?:\/\/\S+#t=\S+)$/.exec(sms?.text ?? '')?.[1];
    if (link === undefined) throw new Error(`no SMS with a link for ${dispatchId}`);

    await phone.goto(link);
    await expect.poll(() => phone.getByTestId('job-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('requested');
    await phone.getByTestId('action-accept').tap();
    await expect.poll(() => phone.getByTestId('job-status').getAttribute('data-status')).toBe('accepted');

    await expect.poll(() => tracker().locator(`[data-dispatch-id="${dispatchId}"]`).getAttribute('data-status'), { timeout: 10_000 }).toBe('accepted');
    await expect.poll(() => focusCard().locator('.dispatches [data-status]').first().getAttribute('data-status'), { timeout: 10_000 }).toBe('accepted');
    // The machine's symbol on both maps follows: the wall's legend counts it as accepted.
    await expect.poll(() => wall.getByTestId('legend').locator('[data-machine-status="accepted"] .count').textContent()).toBe('1');
    await wall.screenshot({ path: artifact('flow-4-wall-dispatch-accepted.png') });
    await officer.screenshot({ path: artifact('flow-4-console-dispatch-accepted.png') });
    expect(pageErrors).toEqual([]);
  });
});
