import { chromium, type Browser } from 'playwright-core';
import { requireBinary } from './require-binary.ts';

/** Debian's Chromium: the browser CI installs (`.ci/run`), so tests do not download one of their own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** False (after a loud warning) when Chromium is missing on a developer's machine; throws in CI. */
export function chromiumAvailable(): boolean {
  return requireBinary(CHROMIUM_PATH, 'chromium');
}

/**
 * Headless Chromium through playwright-core. WebGL works without a GPU (SwiftShader), which is what
 * MapLibre needs; the other flags keep the browser from calling home during a test.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
