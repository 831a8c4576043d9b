import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../helpers/chromium.ts';
import type { TestServer } from '../helpers/start-server.ts';
import { artifact, auditEntries, DESK, openDesk, signIn, watchErrors } from './dashboard-fixtures.ts';

/**
 * The "People & access" screen end to end, on the real server in Chromium: an admin creates a user
 * (the server's refusals shown next to the fields), changes a role, lifts a lockout and disables an
 * account; makes a wall-screen link that is shown once, opens it as a wall screen would, revokes it and
 * sees the link refused; makes and revokes an API token. An operator is not shown the screen at all.
 */
const WALL = { width: 1920, height: 1080 } as const;

describe.skipIf(!chromiumAvailable())('people and access screen in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ({ server, browser, page } = await openDesk(
      [
        { username: 'eleni', role: 'admin', displayName: 'Eleni Admin' },
        { username: 'kostas', role: 'operator', displayName: 'Kostas Operator' },
      ],
      pageErrors,
      ['clipboard-read', 'clipboard-write'],
    ));
    await page.goto(server.httpUrl);
    await signIn(page, 'eleni');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const userRow = (username: string): Locator => page.getByTestId('user-table').locator(`tr[data-username="${username}"]`);
  const fieldErrors = (form: Locator, field: string): Promise<string[]> =>
    form.locator(`[data-field="${field}"]`).locator('xpath=ancestor::div[contains(@class,"field")][1]').getByTestId('field-error').allTextContents();

  async function confirm(): Promise<void> {
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.getByTestId('confirm-submit').click();
    await expect.poll(() => dialog.count()).toBe(0);
  }

  it('creates a user, showing the server’s refusals next to the fields, and the user can sign in', async () => {
    await page.getByTestId('nav-access').click();
    await page.getByTestId('access').waitFor();
    await expect.poll(() => userRow('kostas').count()).toBe(1);
    expect(await userRow('eleni').textContent()).toContain('(you)');
    // An admin does not disable, remove or reset themselves here.
    expect(await userRow('eleni').getByTestId('user-disable').count()).toBe(0);

    await page.getByTestId('user-add').click();
    const form = page.getByTestId('user-form');
    await form.waitFor();
    await form.getByLabel('User name').fill('Anna Smith');
    await form.getByLabel('Full name').fill('Anna Georgiou');
    await form.locator('#u-password').fill('password2026');
    await form.getByTestId('form-save').click();
    await expect.poll(() => fieldErrors(form, 'username')).toEqual([expect.stringMatching(/lower-case letters/)]);
    expect(await form.getByTestId('form-error').textContent()).toContain('correct the fields marked below');
    expect(await form.locator('#u-username').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('User name').fill('anna');
    await form.getByTestId('form-save').click();
    await expect.poll(() => fieldErrors(form, 'password')).toEqual([expect.stringMatching(/^Choose a stronger password/)]);
    expect(await fieldErrors(form, 'username')).toEqual([]);
    await page.screenshot({ path: artifact('access-user-form.png') });

    await form.getByTestId('password-suggest').click();
    const password = await form.locator('#u-password').inputValue();
    expect(password).toMatch(/^[a-zA-Z2-9]{5}(-[a-zA-Z2-9]{5}){3}$/);
    await form.getByLabel('User name').fill('kostas');
    await form.getByTestId('form-save').click();
    await expect.poll(() => fieldErrors(form, 'username')).toEqual(['The user name "kostas" is taken; choose another.']);

    await form.getByLabel('User name').fill('anna');
    await form.getByLabel('Role').selectOption('operator');
    await form.getByTestId('form-save').click();
    await expect.poll(() => form.count()).toBe(0);
    await expect.poll(() => userRow('anna').count()).toBe(1);
    expect(await userRow('anna').getByTestId('user-role').textContent()).toBe('Operator');
    expect(await page.getByTestId('access-done').textContent()).toContain('Anna Georgiou can now sign in');
    await page.screenshot({ path: artifact('access-users.png') });

    const anna = await browser.newContext({ viewport: DESK, locale: 'en-GB' });
    const annaPage = await anna.newPage();
    await annaPage.goto(server.httpUrl);
    await annaPage.locator('#login-username').fill('anna');
    await annaPage.locator('#login-password').fill(password);
    await annaPage.getByTestId('login-form').locator('button[type=submit]').click();
    await annaPage.getByTestId('console').waitFor({ timeout: 20_000 });
    expect(await annaPage.getByTestId('user-name').textContent()).toBe('Anna Georgiou');
    await anna.close();
  });

  it('changes a role, lifts a lockout and disables a user', async () => {
    await userRow('anna').getByTestId('user-edit').click();
    const edit = page.getByTestId('user-edit-form');
    await edit.getByLabel('Role').selectOption('viewer');
    await edit.getByTestId('form-save').click();
    await expect.poll(() => userRow('anna').getByTestId('user-role').textContent()).toBe('Viewer');

    // Five wrong passwords for kostas from some other machine lock the account.
    for (let i = 0; i < 5; i++) {
      const attempt = server.app.skopia.accounts.throttle.begin('kostas', '192.0.2.7');
      expect(attempt.allowed).toBe(true);
    }
    await page.getByTestId('nav-operations').click();
    await page.getByTestId('nav-access').click();
    await expect.poll(() => userRow('kostas').getAttribute('data-locked')).toBe('true');
    expect(await userRow('kostas').getByTestId('user-state').textContent()).toMatch(/Locked out until \d\d:\d\d/);
    await userRow('kostas').getByTestId('user-unlock').click();
    expect(await page.getByTestId('confirm-dialog').textContent()).toContain('Too many wrong passwords locked this account');
    await confirm();
    await expect.poll(() => userRow('kostas').getAttribute('data-locked')).toBe('false');
    expect(server.app.skopia.accounts.throttle.lockedUntil('kostas')).toBeNull();

    await userRow('anna').getByTestId('user-disable').click();
    await page.getByTestId('confirm-dialog').locator('textarea').fill('Left the civil-protection office.');
    await confirm();
    await expect.poll(() => userRow('anna').getAttribute('data-disabled')).toBe('true');
    expect(await userRow('anna').getByTestId('user-enable').count()).toBe(1);
    const entries = await auditEntries(page, server, 'user');
    expect(entries.find((e) => e.note === 'Left the civil-protection office.')?.action).toBe('user.update');
  });

  it('makes a wall-screen link shown once, opens it, revokes it and the link no longer works', async () => {
    await page.getByTestId('access-tab-kiosk').click();
    await page.getByTestId('token-add').click();
    const form = page.getByTestId('token-form');
    await form.getByLabel('Name').fill('Operations room, left wall');
    await form.getByLabel('Note for the audit log (optional)').fill('New 55" screen');
    await form.getByTestId('form-save').click();

    const once = page.getByTestId('secret-once');
    await once.waitFor();
    expect(await once.getByTestId('secret-once-warning').textContent()).toContain('you will not see it again');
    const link = await once.getByTestId('secret-value').inputValue();
    expect(link).toMatch(new RegExp(`^${server.httpUrl}/\\?kiosk=skk_`));
    await once.getByTestId('secret-copy').click();
    await expect.poll(() => once.locator('[role=status]').textContent()).toBe('Copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await page.screenshot({ path: artifact('access-kiosk-link.png') });
    await once.getByTestId('secret-done').click();
    await expect.poll(() => once.count()).toBe(0);

    const row = page.getByTestId('kiosk-token-table').locator('tr[data-token-name="Operations room, left wall"]');
    expect(await row.getAttribute('data-standing')).toBe('active');
    // The list never shows the secret again.
    expect(await page.getByTestId('access').textContent()).not.toContain(link.split('kiosk=')[1] ?? link);

    const wallContext = await browser.newContext({ viewport: WALL });
    const wall = await wallContext.newPage();
    watchErrors(wall, pageErrors);
    await wall.goto(link);
    await wall.getByTestId('wall').waitFor({ timeout: 20_000 });
    await wall.locator('[data-map-ready]').waitFor({ timeout: 20_000 });
    await expect.poll(() => wall.getByTestId('wall').getAttribute('data-status'), { timeout: 20_000 }).toBe('live');
    expect(await wall.getByTestId('kiosk-problem').count()).toBe(0);
    await wall.screenshot({ path: artifact('access-kiosk-wall.png') });

    // Its first use shows in the list.
    await page.getByTestId('access-tab-users').click();
    await page.getByTestId('access-tab-kiosk').click();
    await expect.poll(() => row.locator('td').nth(2).textContent()).not.toBe('never');

    await row.getByTestId('token-revoke').click();
    expect(await page.getByTestId('confirm-dialog').textContent()).toContain('Revoke the link "Operations room, left wall"?');
    await page.getByTestId('confirm-dialog').locator('textarea').fill('Screen moved to the fire station.');
    await confirm();
    await expect.poll(() => row.getAttribute('data-standing')).toBe('revoked');
    const actions = (await auditEntries(page, server, 'kiosk_token')).map((e) => [e.action, e.note]);
    expect(actions).toEqual([
      ['kiosk_token.revoke', 'Screen moved to the fire station.'],
      ['kiosk_token.create', 'New 55" screen'],
    ]);
    expect(await page.getByTestId('access-done').textContent()).toContain('"Operations room, left wall" is revoked.');
    await page.screenshot({ path: artifact('access-kiosk-revoked.png') });

    // The open screen says at once, in plain words, that its link no longer works; opened again, the same.
    await wall.getByTestId('kiosk-problem').waitFor({ timeout: 15_000 });
    expect(await wall.getByTestId('kiosk-problem').textContent()).toMatch(/This wall screen link does not work.*unknown or revoked/s);
    await wall.goto(link);
    await wall.getByTestId('kiosk-problem').waitFor({ timeout: 15_000 });
    expect(await wall.getByTestId('kiosk-problem').textContent()).toMatch(/This wall screen link does not work.*unknown or revoked/s);
    const refused = await wall.request.get(`${server.httpUrl}/api/sensors`, { headers: { authorization: `Kiosk ${link.split('kiosk=')[1] ?? ''}` } });
    expect(refused.status()).toBe(401);
    await wallContext.close();
  });

  it('makes an API token that works until it is revoked', async () => {
    await page.getByTestId('access-tab-api').click();
    await page.getByTestId('token-add').click();
    const form = page.getByTestId('token-form');
    await form.getByLabel('Name').fill('Prometheus');
    await form.getByLabel('Expires').selectOption('90d');
    await form.getByTestId('form-save').click();
    const once = page.getByTestId('secret-once');
    const secret = await once.getByTestId('secret-value').inputValue();
    expect(secret).not.toBe('');
    await once.getByTestId('secret-done').click();

    const metrics = (): Promise<number> =>
      page.request.get(`${server.httpUrl}/metrics`, { headers: { authorization: `Bearer ${secret}` } }).then((r) => r.status());
    expect(await metrics()).toBe(200);
    const row = page.getByTestId('api-token-table').locator('tr[data-token-name="Prometheus"]');
    expect(await row.textContent()).toContain('Viewer');
    await row.getByTestId('token-revoke').click();
    await confirm();
    await expect.poll(() => row.getAttribute('data-standing')).toBe('revoked');
    expect(await metrics()).toBe(401);
    expect(pageErrors).toEqual([]);
  });

  it('does not show the screen to an operator, whom the server refuses anyway', async () => {
    const operatorContext = await browser.newContext({ viewport: DESK, locale: 'en-GB' });
    const operator = await operatorContext.newPage();
    await operator.goto(server.httpUrl);
    await signIn(operator, 'kostas');
    expect(await operator.getByTestId('nav-registry').count()).toBe(1);
    expect(await operator.getByTestId('nav-access').count()).toBe(0);
    expect(await operator.getByTestId('nav-audit').count()).toBe(0);
    expect((await operator.request.get(`${server.httpUrl}/api/users`)).status()).toBe(403);
    expect((await operator.request.get(`${server.httpUrl}/api/kiosk-tokens`)).status()).toBe(403);
    await operator.screenshot({ path: artifact('access-operator.png') });
    await operatorContext.close();
  });
});
