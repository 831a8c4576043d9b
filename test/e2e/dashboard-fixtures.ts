/** Shared by the dashboard's end-to-end tests: where screenshots go, officers with passwords, publishing. */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MqttClient } from 'mqtt';
import type { Page } from 'playwright-core';
import type { TestServer } from '../helpers/start-server.ts';

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
