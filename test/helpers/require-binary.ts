import { existsSync } from 'node:fs';

/**
 * Whether a binary a test needs is installed. In CI a missing binary fails the run (CI installs
 * them, so absence is a bug); on a developer's machine the test skips with a loud message.
 */
export function requireBinary(path: string, debianPackage: string): boolean {
  if (existsSync(path)) return true;
  const message = `${path} is missing: install Debian's "${debianPackage}" package (apt-get install ${debianPackage}).`;
  if (process.env.CI) throw new Error(message);
  console.warn(`\n!!! SKIPPING: ${message}\n`);
  return false;
}
