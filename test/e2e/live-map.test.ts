import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.ts';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';

/**
 * The foundation end to end: the built dashboard, served by the real server, in headless Chromium.
 * A gateway publishes over MQTT and the reading appears in the sensor's popup on the live map; when
 * the server goes away the screen says so loudly. Screenshots go to test-artifacts/ to be looked at.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARTIFACTS = join(ROOT, 'test-artifacts');
const SENSOR_ID = 'ws-polygyros';

describe.skipIf(!chromiumAvailable())('live map in Chromium', () => {
  let server: TestServer;
  let serverClosed = false;
  let gateway: MqttClient;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dashboard', 'dist', 'index.html'))) {
      throw new Error('dashboard/dist is missing: run `npm run build` first (`npm run test:e2e` does).');
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer();
    gateway = await server.connectGateway('gw-polygyros');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.endAsync();
    if (!serverClosed) await server?.close();
  });

  const indicator = () => page.getByTestId('connection-indicator');
  const popup = () => page.getByTestId('sensor-popup');

  it('shows a reading published over MQTT in the sensor popup, with its age', async () => {
    // The link opens the sensor's popup straight away, as a shared link on a wall screen would.
    await page.goto(`${server.httpUrl}/#sensor=${SENSOR_ID}`);
    await expect.poll(() => indicator().getAttribute('data-status'), { timeout: 20_000 }).toBe('live');
    const sensorCount = server.app.skopia.registry.sensorCount;
    expect(Number(await indicator().getAttribute('data-sensor-count'))).toBe(sensorCount);

    const publishedAt = Date.now();
    await gateway.publishAsync(
      `skopia/gw-polygyros/${SENSOR_ID}/telemetry`,
      JSON.stringify({ ts: publishedAt, metrics: { air_temperature_c: 31.4, relative_humidity_pct: 18, wind_speed_kmh: 42 } }),
      { qos: 1 },
    );

    const temperature = popup().locator('[data-metric="air_temperature_c"] td');
    await expect.poll(() => temperature.textContent(), { timeout: 10_000 }).toBe('31.4°C');
    expect(await popup().locator('[data-metric="relative_humidity_pct"] td').textContent()).toBe('18\u00a0%');
    expect(await popup().locator('[data-metric="wind_speed_kmh"] td').textContent()).toBe('42\u00a0km/h');
    expect(await popup().getAttribute('data-status')).toBe('online');
    expect(await popup().getByTestId('reading-age').textContent()).toMatch(/^measured (just now|\d+ sec\. ago)$/);
    expect(Number(await indicator().getAttribute('data-newest-data-at'))).toBeGreaterThanOrEqual(publishedAt);
    expect(await page.getByTestId('legend').locator('[data-status="online"] .count').textContent()).toBe('1');

    // The age keeps counting without any new message.
    await expect.poll(() => popup().getByTestId('reading-age').textContent(), { timeout: 5_000 }).toMatch(/[1-9]\d* sec\. ago/);

    await page.screenshot({ path: join(ARTIFACTS, 'live-map.png') });
    expect(pageErrors).toEqual([]);
  });

  it('opens the popup when the sensor is clicked on the map (a WebGL layer, not a DOM marker)', async () => {
    // The popup's tip points at the sensor: MapLibre places it 18 px (the popup offset) above its centre.
    const tip = await page.locator('.sensor-popup.maplibregl-popup-anchor-bottom .maplibregl-popup-tip').boundingBox();
    if (tip === null) throw new Error('the popup tip is not on screen');
    const sensorAt = { x: tip.x + tip.width / 2, y: tip.y + tip.height + 18 };

    await popup().getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => popup().count()).toBe(0);
    expect(page.url()).not.toContain('#sensor=');
    expect(await page.locator('.maplibregl-marker').count()).toBe(0);

    await page.mouse.click(sensorAt.x, sensorAt.y);
    await expect.poll(() => popup().getAttribute('data-sensor-id')).toBe(SENSOR_ID);
    expect(page.url()).toContain(`#sensor=${SENSOR_ID}`);
  });

  it('turns the indicator red and says so when the server goes away', async () => {
    await gateway.endAsync();
    await server.close();
    serverClosed = true;

    await expect.poll(() => indicator().getAttribute('data-status'), { timeout: 10_000 }).toBe('disconnected');
    expect(await page.getByTestId('stale-banner').isVisible()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'live-map-disconnected.png') });
  });
});
