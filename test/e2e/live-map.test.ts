import type { MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { el } from '../../dashboard/src/lib/i18n/locales/el.ts';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.ts';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';
import { artifact, prepareArtifacts, publishReading, watchErrors } from './dashboard-fixtures.ts';

/**
 * The wall screen end to end: the built dashboard, served by the real server, opened by a kiosk link in
 * headless Chromium at a wall's 1920×1080. A gateway publishes over MQTT; readings, alerts and the
 * rotation over them appear without anyone touching the screen, and when the stream stops the whole
 * screen says so. Screenshots go to test-artifacts/ to be looked at.
 */
const SENSOR_ID = 'ws-polygyros';
const WALL = { width: 1920, height: 1080 } as const;

describe.skipIf(!chromiumAvailable())('wall screen in Chromium', () => {
  let server: TestServer;
  let serverClosed = false;
  let gateway: MqttClient;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    prepareArtifacts();
    server = await startTestServer();
    gateway = await server.connectGateway('gw-polygyros');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: WALL });
    watchErrors(page, pageErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.endAsync();
    if (!serverClosed) await server?.close();
  });

  const indicator = () => page.getByTestId('connection-indicator');
  const sensor = (id: string) => {
    const found = server.app.skopia.registry.sensor(id);
    if (found === undefined) throw new Error(`${id} is not in the registry`);
    return found;
  };
  const popup = () => page.getByTestId('sensor-popup');
  const banner = () => page.getByTestId('alert-banner');
  const focusCard = () => page.getByTestId('wall-focus');

  it('shows a reading published over MQTT in the sensor popup, with its age', async () => {
    // The kiosk link with a sensor opens its popup straight away, as a shared link would.
    await page.goto(`${server.dashboardUrl}&rotate=4#sensor=${SENSOR_ID}`);
    await expect.poll(() => indicator().getAttribute('data-status'), { timeout: 20_000 }).toBe('live');
    expect(Number(await indicator().getAttribute('data-sensor-count'))).toBe(server.app.skopia.registry.sensorCount);
    expect(await page.getByTestId('wall').isVisible()).toBe(true);

    const publishedAt = Date.now();
    await publishReading(gateway, 'gw-polygyros', SENSOR_ID, { air_temperature_c: 31.4, relative_humidity_pct: 18, wind_speed_kmh: 42 }, publishedAt);

    const temperature = popup().locator('[data-metric="air_temperature_c"] td');
    await expect.poll(() => temperature.textContent(), { timeout: 10_000 }).toBe('31.4°C');
    expect(await popup().locator('[data-metric="relative_humidity_pct"] td').textContent()).toBe('18\u00a0%');
    expect(await popup().locator('[data-metric="wind_speed_kmh"] td').textContent()).toBe('42\u00a0km/h');
    expect(await popup().getAttribute('data-status')).toBe('online');
    expect(await popup().getByTestId('reading-age').textContent()).toMatch(/^measured (just now|\d+ sec ago)$/);
    expect(Number(await indicator().getAttribute('data-newest-data-at'))).toBeGreaterThanOrEqual(publishedAt);
    expect(await page.getByTestId('legend').locator('[data-status="online"] .count').textContent()).toBe('1');
    // A wall popup offers no way into the console.
    expect(await popup().getByTestId('sensor-details-button').count()).toBe(0);

    // The age keeps counting without any new message.
    await expect.poll(() => popup().getByTestId('reading-age').textContent(), { timeout: 5_000 }).toMatch(/[1-9]\d* sec ago/);
    expect(pageErrors).toEqual([]);
  });

  it('opens the popup when the sensor is clicked on the map (a WebGL layer, not a DOM marker)', async () => {
    await page.evaluate(() => (location.hash = ''));
    await expect.poll(() => popup().count()).toBe(0);
    expect(await page.locator('.maplibregl-marker').count()).toBe(0);

    // The map's own projection (window.skopiaMap, see dashboard/src/lib/map/region-map.ts) of the sensor.
    const { lon, lat } = sensor(SENSOR_ID);
    const at = await page.evaluate<{ x: number; y: number }>(`window.skopiaMap.project(${lon}, ${lat})`);
    const box = await page.getByTestId('region-map').boundingBox();
    if (box === null) throw new Error('the map is not on screen');
    await page.mouse.click(box.x + at.x, box.y + at.y);
    await expect.poll(() => popup().getAttribute('data-sensor-id')).toBe(SENSOR_ID);
    expect(page.url()).toContain(`#sensor=${SENSOR_ID}`);
    await page.evaluate(() => (location.hash = ''));
    await expect.poll(() => popup().count()).toBe(0);
  });

  it('has no controls, large type, and always shows the age of the newest data', async () => {
    expect(await page.locator('button, input, select, textarea').count()).toBe(0);
    expect(await page.locator('.maplibregl-ctrl-zoom-in').count()).toBe(0);
    const px = (selector: string) => page.locator(selector).first().evaluate((node) => parseFloat(getComputedStyle(node).fontSize));
    // About 2 cm tall letters on a 55" wall screen: readable from 5 m.
    expect(await px('[data-testid="newest-data-age"]')).toBeGreaterThanOrEqual(24);
    expect(await px('[data-testid="alert-banner"] .headline')).toBeGreaterThanOrEqual(36);
    expect(await px('[data-testid="wall-clock"]')).toBeGreaterThanOrEqual(48);
    expect(await page.getByTestId('newest-data-age').textContent()).toMatch(/^Newest data (just now|\d+ sec ago)$/);
    expect(await banner().getAttribute('data-count')).toBe('0');
    await page.screenshot({ path: artifact('wall-calm.png') });
  });

  it('puts a new alert on the banner and in focus, then turns to each active alert in turn', async () => {
    await publishReading(gateway, 'gw-polygyros', SENSOR_ID, { wind_gust_kmh: 96 });
    await expect.poll(() => banner().getAttribute('data-count'), { timeout: 10_000 }).toBe('1');
    expect(await banner().textContent()).toContain('Strong wind gusts');
    expect(await focusCard().getByTestId('wall-focus-value').textContent()).toBe('96\u00a0km/h');
    expect(await focusCard().textContent()).toContain('Not acknowledged');
    const first = await focusCard().getAttribute('data-alert-id');
    // Screen readers hear it too.
    expect(await page.getByTestId('alert-announcer').textContent()).toContain('New alert, Moderate: Strong wind gusts, Polygyros weather station');
    // The map flies to the alert: its sensor is in view, clear of the panels.
    await expect.poll(() => page.evaluate<number>('window.skopiaMap?.center.lat ?? 0'), { timeout: 10_000 }).toBeCloseTo(sensor(SENSOR_ID).lat, 1);
    await page.waitForTimeout(2600);
    await page.screenshot({ path: artifact('wall-alert.png') });

    await publishReading(gateway, 'gw-polygyros', 'ws-taxiarchis', { wind_gust_kmh: 88 });
    await expect.poll(() => banner().getAttribute('data-count'), { timeout: 10_000 }).toBe('2');
    // News takes the focus at once...
    await expect.poll(() => focusCard().textContent()).toContain('Taxiarchis');
    const second = await focusCard().getAttribute('data-alert-id');
    expect(second).not.toBe(first);
    expect(await focusCard().textContent()).toContain('Alert 1 of 2');
    // ...and after the rotation interval (rotate=4 s in the link) the other active alert has it.
    await expect.poll(() => focusCard().getAttribute('data-alert-id'), { timeout: 8_000 }).toBe(first);
    await expect.poll(() => focusCard().getAttribute('data-alert-id'), { timeout: 8_000 }).toBe(second);
    expect(pageErrors).toEqual([]);
  });

  it('speaks Greek when the link says lang=el, dates and numbers included', async () => {
    const greek = await browser.newPage({ viewport: WALL });
    watchErrors(greek, pageErrors);
    await greek.goto(`${server.dashboardUrl}&lang=el`);
    await expect.poll(() => greek.getByTestId('alert-banner').getAttribute('data-count'), { timeout: 20_000 }).toBe('2');
    expect(await greek.evaluate(() => document.documentElement.lang)).toBe('el');
    expect(await greek.getByTestId('alert-banner').textContent()).toContain(el['wall.activeAlertsLabel']);
    expect(await greek.getByTestId('connection-indicator').textContent()).toContain(el['connection.live']);
    expect(await greek.getByTestId('legend').textContent()).toContain(el['legend.sensors']);
    expect(await greek.getByTestId('wall-focus').textContent()).toContain(el['hazard.storm']);
    // The wall's own choice does not become the remembered choice of this browser.
    expect(await greek.evaluate(() => localStorage.getItem('skopia.locale'))).toBeNull();
    await greek.screenshot({ path: artifact('wall-greek.png') });
    await greek.close();
  });

  it('says plainly when the kiosk link is not valid', async () => {
    const other = await browser.newPage({ viewport: WALL });
    await other.goto(`${server.httpUrl}/wall?kiosk=skk_not-a-token`);
    await other.getByTestId('kiosk-problem').waitFor({ timeout: 15_000 });
    expect(await other.getByTestId('kiosk-problem').textContent()).toMatch(/This wall screen link does not work.*kiosk token is unknown or revoked/s);
    await other.close();
  });

  it('reconnects and resyncs after the link drops, without reloading the page', async () => {
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    for (const client of server.app.websocketServer.clients) client.terminate();
    // While the screen is away, a reading arrives; the resync brings it.
    await publishReading(gateway, 'gw-polygyros', 'ws-taxiarchis', { air_temperature_c: 27.5 });
    await expect.poll(() => indicator().getAttribute('data-status'), { timeout: 15_000 }).toBe('live');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await page.evaluate(() => (location.hash = '#sensor=ws-taxiarchis'));
    await expect.poll(() => popup().locator('[data-metric="air_temperature_c"] td').textContent(), { timeout: 10_000 }).toBe('27.5°C');
    await page.evaluate(() => (location.hash = ''));
    expect(await banner().getAttribute('data-count')).toBe('2');
  });

  it('covers the whole screen with a warning when the stream stops', async () => {
    await gateway.endAsync();
    await server.close();
    serverClosed = true;

    await expect.poll(() => indicator().getAttribute('data-status'), { timeout: 10_000 }).toBe('disconnected');
    const overlay = page.getByTestId('stream-stopped');
    expect(await overlay.isVisible()).toBe(true);
    const box = await overlay.boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: WALL.width, height: WALL.height });
    expect(await overlay.textContent()).toMatch(/Connection to the server lost.*Newest data \d+ sec ago/s);
    await page.screenshot({ path: artifact('wall-disconnected.png') });
  });
});
