/**
 * Time from `npm run demo` to the first live sensor on the map, as a newcomer sees it: starts the demo
 * (which builds the dashboard when needed), opens http://localhost:8080 in Chromium, and waits until
 * the dashboard shows a sensor with data. Prints a table. `npm run bench -- demo [--rebuild]`
 * (--rebuild deletes dashboard/dist first, to include the first build).
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { launchChromium } from '../../test/helpers/chromium.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const rebuild = process.argv.includes('--rebuild');
if (rebuild) rmSync(join(ROOT, 'dashboard', 'dist'), { recursive: true, force: true });

const t0 = Date.now();
const demo = spawn('npm', ['run', 'demo'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, DATA_DIR: join(ROOT, 'var', 'bench-demo') } });
let output = '';
demo.stdout.on('data', (d: Buffer) => (output += d.toString()));
demo.stderr.on('data', (d: Buffer) => (output += d.toString()));

async function waitForServer(): Promise<number> {
  for (;;) {
    try {
      const res = await fetch('http://localhost:8080/health');
      if (res.status === 200 || res.status === 503) return Date.now();
    } catch {
      // not up yet
    }
    if (demo.exitCode !== null) throw new Error(`the demo exited early:\n${output}`);
    if (Date.now() - t0 > 300_000) throw new Error('the demo did not answer within 5 minutes');
    await new Promise((r) => setTimeout(r, 100));
  }
}

try {
  const serverUp = await waitForServer();
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  await page.goto('http://localhost:8080/');
  const indicator = page.getByTestId('connection-indicator');
  await indicator.waitFor();
  const mapShown = Date.now();
  // A sensor with data: the dashboard knows the newest data time once a reading has arrived.
  await page.waitForFunction(
    () => (document.querySelector('[data-testid="connection-indicator"]')?.getAttribute('data-newest-data-at') ?? '') !== '',
    undefined,
    { timeout: 120_000 },
  );
  const firstLive = Date.now();
  await page.screenshot({ path: join(ROOT, 'test-artifacts', 'demo-first-live.png') });
  await browser.close();
  const rows: [string, string][] = [
    [rebuild ? 'npm run demo → server answering (incl. dashboard build)' : 'npm run demo → server answering', `${((serverUp - t0) / 1000).toFixed(1)} s`],
    ['→ dashboard drawn in Chromium', `${((mapShown - t0) / 1000).toFixed(1)} s`],
    ['→ first live sensor on the map', `${((firstLive - t0) / 1000).toFixed(1)} s`],
  ];
  console.log('| step | time since `npm run demo` |\n|---|---|');
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
} catch (error) {
  console.error(`demo start failed: ${(error as Error).message}\n--- demo output ---\n${output}`);
  process.exitCode = 1;
} finally {
  if (demo.exitCode === null && demo.pid !== undefined) {
    process.kill(-demo.pid, 'SIGINT');
    await new Promise((r) => demo.once('exit', r));
  }
}
