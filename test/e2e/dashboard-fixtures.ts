/** Shared by the dashboard's end-to-end tests: where screenshots go, officers with passwords, a desk browser, publishing. */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ARTIFACTS = join(ROOT, 'test-artifacts');

/** The built dashboard must exist (`npm run test:e2e` builds it); screenshots need their folder. */
export function prepareArtifacts(): void {
  if (!existsSync(join(ROOT, 'dashboard', 'dist', 'index.html'))) {
    throw new Error('dashboard/dist is missing: run `npm run build` first (`npm run test:e2e` does).');
  }
  mkdirSync(ARTIFACTS, { recursive: true });
}

export function artifact(name: string): string {
  return join(ARTIFACTS, name);
}

export const OFFICER_PASSWORD = 'olive-grove-lookout-2026';

/** A user who signs in through the login page, as an officer would. */
export async function createOfficer(server: TestServer, username: string, role: 'viewer' | 'operator' | 'admin', displayName = username): Promise<void> {
  await server.app.skopia.accounts.users.create({ username, displayName, role, password: OFFICER_PASSWORD });
}

/** An officer's account, made before the browser opens. */
export interface DeskOfficer {
  readonly username: string;
  readonly role: 'viewer' | 'operator' | 'admin';
  readonly displayName: string;
}

/** A fresh server with its officers, and one page of a desk browser. */
export interface Desk {
  readonly server: TestServer;
  readonly browser: Browser;
  readonly page: Page;
}

/** An officer's desk screen: 1600×900, British English. */
export const DESK = { width: 1600, height: 900 } as const;

/**
 * Starts a server with `officers` and opens a desk page that reports its errors into `pageErrors`;
 * `permissions`: what the browser context is granted (the clipboard, say).
 */
export async function openDesk(officers: readonly DeskOfficer[], pageErrors: string[], permissions: readonly string[] = []): Promise<Desk> {
  prepareArtifacts();
  const server = await startTestServer();
  try {
    for (const officer of officers) await createOfficer(server, officer.username, officer.role, officer.displayName);
    const browser = await launchChromium();
    const context = await browser.newContext({ viewport: DESK, locale: 'en-GB', permissions: [...permissions] });
    const page = await context.newPage();
    watchErrors(page, pageErrors);
    return { server, browser, page };
  } catch (error) {
    await server.close();
    throw error;
  }
}

/** What the audit log holds about one kind of subject, newest first, as the API gives it. */
export async function auditEntries(page: Page, server: TestServer, subject: string): Promise<{ action: string; note?: string | null }[]> {
  const response = await page.request.get(`${server.httpUrl}/api/audit?subject=${subject}`);
  return ((await response.json()) as { entries: { action: string; note?: string | null }[] }).entries;
}

export async function signIn(page: Page, username: string): Promise<void> {
  await page.getByLabel(/user name|όνομα χρήστη|nazwa użytkownika/i).fill(username);
  await page.locator('#login-password').fill(OFFICER_PASSWORD);
  await page.getByTestId('login-form').locator('button[type=submit]').click();
  await page.getByTestId('console').waitFor({ timeout: 20_000 });
}

/** A native reading from a gateway, as the sensor would send it. */
export async function publishReading(gateway: MqttClient, gatewayId: string, sensorId: string, metrics: Record<string, number | boolean>, ts = Date.now()): Promise<void> {
  await gateway.publishAsync(`skopia/${gatewayId}/${sensorId}/telemetry`, JSON.stringify({ ts, metrics }), { qos: 1 });
}

/** Collects uncaught page errors, so a test can assert there were none. */
export function watchErrors(page: Page, into: string[]): void {
  page.on('pageerror', (error) => into.push(`${page.url()}: ${error.message}`));
}
