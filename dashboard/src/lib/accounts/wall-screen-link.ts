/**
 * Pure: the full address a wall screen opens, from the dashboard's origin and the path the server gave
 * at creation (`/?kiosk=skk_...`). The server does not know under which name the browsers reach it; the
 * admin's browser does.
 */
export function wallScreenLink(origin: string, path: string): string {
  return new URL(path, origin).href;
}
