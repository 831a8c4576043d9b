import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pl } from '../../dashboard/src/lib/i18n/locales/pl.ts';
import { chromiumAvailable } from '../helpers/chromium.ts';
import type { TestServer } from '../helpers/start-server.ts';
import { artifact, DESK, openDesk, publishReading, signIn } from './dashboard-fixtures.ts';

/**
 * The officer's console end to end, on the real server in Chromium at a desk screen's 1600×900:
 * sign-in, the alert list and its filters, acknowledging by keyboard with a required comment, why an
 * alert fired, a sensor's history with zoom, a manual incident at a map point, the registry with
 * field-level messages and a CSV import that lists every bad row, coverage, the audit log and its CSV.
 */
describe.skipIf(!chromiumAvailable())('officer console in Chromium', () => {
  let server: TestServer;
  let gateway: MqttClient;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ({ server, browser, page } = await openDesk(
      [
        { username: 'maria', role: 'admin', displayName: 'Maria Papadaki' },
        { username: 'nikos', role: 'viewer', displayName: 'Nikos Viewer' },
      ],
      pageErrors,
    ));
    gateway = await server.connectGateway('gw-polygyros');
    // Six hours of readings, so the history chart has something to draw.
    const now = Date.now();
    const readings = Array.from({ length: 72 }, (_, i) => ({
      ts: now - (72 - i) * 5 * 60_000,
      metrics: { air_temperature_c: 18 + 8 * Math.sin(i / 12), wind_gust_kmh: 20 + 15 * Math.abs(Math.sin(i / 7)) },
    }));
    await gateway.publishAsync('skopia/gw-polygyros/ws-polygyros/telemetry', JSON.stringify({ readings }), { qos: 1 });
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.endAsync();
    await server?.close();
  });

  const alertPanel = () => page.getByTestId('alert-panel');

  it('signs in, says so plainly when the password is wrong, and remembers the language', async () => {
    await page.goto(server.httpUrl);
    await page.getByTestId('login-form').waitFor({ timeout: 20_000 });
    await page.locator('#login-username').fill('maria');
    await page.locator('#login-password').fill('not the password');
    await page.getByTestId('login-form').locator('button[type=submit]').click();
    expect(await page.getByTestId('login-error').textContent()).toBe('Wrong user name or password.');
    await page.screenshot({ path: artifact('console-login.png') });

    await signIn(page, 'maria');
    await expect.poll(() => page.getByTestId('connection-indicator').getAttribute('data-status'), { timeout: 20_000 }).toBe('live');
    expect(await page.getByTestId('user-name').textContent()).toBe('Maria Papadaki');

    await page.getByTestId('language-switch').selectOption('pl');
    expect(await page.getByTestId('nav-registry').textContent()).toContain(pl['nav.registry']);
    await page.reload();
    await page.getByTestId('console').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('nav-registry').textContent()).toContain(pl['nav.registry']);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('pl');
    await page.locator('[data-map-ready]').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: artifact('console-polish.png') });
    await page.getByTestId('language-switch').selectOption('en');
    expect(await page.getByTestId('nav-registry').textContent()).toContain('Registry');
  });

  it('filters the alert list and acknowledges an alert by keyboard, with a required comment', async () => {
    await publishReading(gateway, 'gw-polygyros', 'ws-polygyros', { wind_gust_kmh: 96 });
    const item = page.getByTestId('alert-list').locator('button').first();
    await item.waitFor({ timeout: 15_000 });
    expect(await item.textContent()).toContain('Strong wind gusts');

    const filters = page.getByTestId('alert-filters');
    await filters.getByLabel('Resolved').check();
    await page.getByTestId('alert-list-empty').waitFor();
    await filters.getByLabel('Open').check();
    await page.locator('#alert-hazard').selectOption('flood');
    await page.getByTestId('alert-list-empty').waitFor();
    await page.locator('#alert-hazard').selectOption('');
    await page.locator('#alert-search').fill('wind');
    await item.waitFor();

    // Keyboard only from here: focus the alert, open it, acknowledge it.
    await item.focus();
    await page.keyboard.press('Enter');
    await alertPanel().waitFor();
    expect(await alertPanel().getByTestId('why-message').textContent()).toContain('Wind gust at Polygyros weather station is 96 km/h');
    expect(await alertPanel().getByTestId('rule-params').textContent()).toMatch(/Raise at\s*75/);
    await expect.poll(() => alertPanel().getByTestId('why-chart').first().getAttribute('data-point-count')).not.toBe('0');

    const acknowledge = alertPanel().getByTestId('alert-acknowledge');
    await acknowledge.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('comment-dialog');
    await dialog.waitFor();
    // The comment field has the focus; an empty comment is refused next to the field.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('alert-comment');
    // Tab order: the comment, Cancel, then the action.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset['testid'])).toBe('comment-submit');
    await page.keyboard.press('Enter');
    expect(await dialog.locator('.field-error').textContent()).toBe('A comment is required.');
    // Escape closes the dialog and gives the focus back to the button that opened it.
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset['testid'])).toBe('alert-acknowledge');

    await page.keyboard.press('Enter');
    await page.keyboard.type('Fire brigade informed; patrol on its way to the ridge.');
    await dialog.getByTestId('comment-submit').click();
    await expect.poll(() => alertPanel().getAttribute('data-state')).toBe('acknowledged');
    expect(await alertPanel().getByTestId('alert-acknowledged').textContent()).toContain('Fire brigade informed; patrol on its way to the ridge.');
    await expect.poll(() => item.getAttribute('data-state')).toBe('acknowledged');
    await page.screenshot({ path: artifact('console-alert.png') });
  });

  it('shows a sensor history with 6 h to 1 y ranges and drag-to-zoom', async () => {
    await page.evaluate(() => (location.hash = '#sensor=ws-polygyros'));
    await page.getByTestId('sensor-details-button').click();
    const panel = page.getByTestId('sensor-panel');
    await panel.waitFor();
    await page.getByTestId('history-metric').selectOption('air_temperature_c');
    const chart = page.getByTestId('history-chart');
    await expect.poll(() => chart.getAttribute('data-bucket-count'), { timeout: 10_000 }).not.toBe('0');
    const window24h = await page.getByTestId('history-window').textContent();

    await page.getByTestId('history-range-7d').click();
    await expect.poll(() => page.getByTestId('history-window').textContent()).not.toBe(window24h);
    await page.getByTestId('history-range-6h').click();
    await expect.poll(() => chart.getAttribute('data-bucket-count')).not.toBe('0');
    const buckets6h = Number(await chart.getAttribute('data-bucket-count'));

    const box = await chart.locator('svg').boundingBox();
    if (box === null) throw new Error('the chart is not on screen');
    await page.mouse.move(box.x + box.width * 0.35, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.getByTestId('history-reset').isEnabled()).toBe(true);
    // The server re-buckets the narrower window: finer buckets over a third of the span.
    await expect.poll(async () => Number(await chart.getAttribute('data-bucket-count'))).toBeGreaterThan(buckets6h / 4);
    // The mean is one line across the readings, not broken at every bucket narrower than the sensor's interval.
    expect(await chart.locator('path.mean').count()).toBe(1);
    expect((await chart.locator('path.mean').getAttribute('d'))?.split('L').length).toBeGreaterThan(10);
    await page.evaluate(() => (location.hash = ''));
    await page.screenshot({ path: artifact('console-sensor.png') });
    await page.getByTestId('history-reset').click();
  });

  it('reports a manual incident at a map point and ranks machines for it with their reasons', async () => {
    await page.getByTestId('new-incident').click();
    await page.getByTestId('picking-hint').waitFor();
    const map = await page.getByTestId('region-map').boundingBox();
    if (map === null) throw new Error('the map is not on screen');
    await page.mouse.click(map.x + map.width * 0.45, map.y + map.height * 0.55);
    const dialog = page.getByTestId('incident-dialog');
    await dialog.waitFor();
    await page.getByTestId('incident-hazard').selectOption('fire');
    await page.getByTestId('incident-description').fill('Smoke behind the school, reported by a neighbour');
    await page.getByTestId('incident-submit').click();
    const panel = page.getByTestId('dispatch-panel');
    await panel.waitFor();
    await expect.poll(() => panel.getByTestId('suggestions').locator('> li').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const first = panel.getByTestId('suggestions').locator('> li').first();
    expect(await first.textContent()).toMatch(/for Fire \(choice \d\)/);
    expect(await first.textContent()).toMatch(/km, about \d+ min/);
    await page.screenshot({ path: artifact('console-incident.png') });
  });

  it('shows the registry with field-level messages from the API and every bad row of a CSV file', async () => {
    await page.getByTestId('nav-registry').click();
    await page.getByTestId('contractor-table').waitFor();
    await page.getByTestId('contractor-add').click();
    const form = page.getByTestId('contractor-form');
    await form.waitFor();
    await form.getByLabel('Name').fill('Test Earthworks');
    await form.getByLabel('Tax id (AFM / NIP)').fill('123');
    await form.getByLabel('Phone').fill('call me');
    await form.getByLabel('Contract reference').fill('T-1/2026');
    await form.getByLabel('Contract starts').fill('2026-01-01');
    await form.getByLabel('Contract ends').fill('2025-01-01');
    await page.getByTestId('form-save').click();
    await form.getByTestId('form-error').waitFor();
    const errorsOf = (field: string) => form.locator(`[data-field="${field}"] ~ .errors [data-testid="field-error"]`).allTextContents();
    expect((await errorsOf('taxId')).join()).not.toBe('');
    expect((await errorsOf('phone')).join()).toMatch(/E\.164/);
    expect(await form.locator('[data-field="taxId"]').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: artifact('console-registry-form.png') });
    // A save that fails rather than being refused (the network is gone) is said above the form, not swallowed.
    await page.route('**/api/contractors', (route) => route.abort('connectionrefused'));
    await page.getByTestId('form-save').click();
    await expect.poll(() => form.getByTestId('form-error').textContent()).toMatch(/Not saved: The server cannot be reached/);
    await page.unroute('**/api/contractors');
    await page.keyboard.press('Escape');
    await expect.poll(() => form.count()).toBe(0);

    const csv = join(tmpdir(), `skopia-contractors-${Date.now()}.csv`);
    writeFileSync(
      csv,
      [
        'id,name,taxId,phone,contractRef,contractStart,contractEnd,email',
        'ctr-a,Alpha,123456783,+306900000201,A-1,2026-01-01,2027-01-01,',
        'ctr-b,Beta,12,+306900000202,B-1,2026-01-01,2027-01-01,',
        'ctr-c,Gamma,801552132,phone,C-1,2026-01-01,2027-01-01,',
        'ctr-d,Delta,094771200,+306900000204,D-1,2026-13-45,2027-01-01,not-an-email',
      ].join('\n'),
    );
    const importer = page.getByTestId('csv-import-contractors');
    await importer.getByTestId('csv-file').setInputFiles(csv);
    await importer.getByTestId('csv-check').click();
    await importer.getByTestId('csv-problems').waitFor();
    const rows = await importer.getByTestId('csv-problems').locator('tbody tr td:first-child').allTextContents();
    expect(new Set(rows)).toEqual(new Set(['3', '4', '5']));
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(await importer.getByTestId('csv-error').textContent()).toMatch(/Nothing was imported: \d+ problems in 3 rows/);
    await importer.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('console-registry-csv.png') });

    await page.getByTestId('registry-tab-machines').click();
    await page.getByTestId('machine-table').waitFor();
    await page.getByTestId('registry-tab-sensors').click();
    await expect.poll(() => page.getByTestId('sensor-table').locator('tbody tr').count()).toBe(server.app.skopia.registry.sensorCount);
  });

  it('shows coverage, and the audit log with its CSV export', async () => {
    await page.getByTestId('nav-operations').click();
    await page.getByTestId('coverage-toggle').click();
    const coverage = page.getByTestId('coverage-panel');
    await coverage.waitFor();
    await expect.poll(() => coverage.locator('tbody tr').count(), { timeout: 10_000 }).toBeGreaterThan(5);
    await page.screenshot({ path: artifact('console-coverage.png') });
    await page.getByTestId('coverage-toggle').click();

    await page.getByTestId('nav-audit').click();
    const table = page.getByTestId('audit-table');
    await expect.poll(() => table.locator('tr[data-action="alert.acknowledge"]').count(), { timeout: 10_000 }).toBe(1);
    expect(await table.locator('tr[data-action="alert.acknowledge"]').textContent()).toContain('Fire brigade informed');
    const href = await page.getByTestId('audit-csv').getAttribute('href');
    expect(href).toBe('/api/audit.csv');
    const download = await page.request.get(`${server.httpUrl}${href ?? ''}`);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toMatch(/^text\/csv/);
    expect(await download.text()).toContain('alert.acknowledge');
    await page.screenshot({ path: artifact('console-audit.png') });
    expect(pageErrors).toEqual([]);
  });

  it('lets a viewer see the alerts but not act on them, and follow an officer resolving one', async () => {
    const viewerContext = await browser.newContext({ viewport: DESK });
    const viewer = await viewerContext.newPage();
    await viewer.goto(server.httpUrl);
    await signIn(viewer, 'nikos');
    expect(await viewer.getByTestId('nav-audit').count()).toBe(0);
    await viewer.getByTestId('alert-list').locator('button').first().click();
    await viewer.getByTestId('alert-panel').waitFor();
    expect(await viewer.getByTestId('alert-acknowledge').count()).toBe(0);
    expect(await viewer.getByTestId('alert-panel').textContent()).toContain('acknowledging and dispatching need an operator');
    expect(await viewer.getByTestId('new-incident').count()).toBe(0);

    // The officer resolves it; the viewer's list follows live, and the resolved list has it with the comment.
    await page.getByTestId('nav-operations').click();
    await page.getByTestId('alert-list').locator('button').first().click();
    await page.getByTestId('alert-resolve').click();
    await page.getByTestId('comment-input').fill('Road cleared, trees removed by the municipal crew.');
    await page.getByTestId('comment-submit').click();
    await viewer.getByTestId('alert-list-empty').waitFor({ timeout: 10_000 });
    await page.getByTestId('alert-filters').getByLabel('Resolved').check();
    const resolved = page.getByTestId('alert-list').locator('button[data-state="resolved"]').first();
    await resolved.waitFor({ timeout: 10_000 });
    await resolved.click();
    expect(await page.getByTestId('alert-panel').textContent()).toContain('Road cleared, trees removed by the municipal crew.');
    await viewerContext.close();
  });
});
