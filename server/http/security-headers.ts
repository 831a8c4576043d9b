import type { FastifyInstance } from 'fastify';

/**
 * The origin of an optional raster tile URL template, as a CSP source: `https://{s}.tile.example.org/{z}/{x}/{y}.png`
 * → `https://*.tile.example.org`. Null when the template cannot be expressed as one (the map then
 * shows no online tiles, which the offline basemap covers).
 */
export function tileSource(template: string | undefined): string | null {
  if (template === undefined) return null;
  const m = /^(https?):\/\/(?:[^@/?#]*@)?([^/?#]+)/.exec(template);
  if (!m) return null;
  const host = (m[2] as string).replace(/^\{[^}]+\}\./, '*.');
  return /^(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:]+\](:\d{1,5})?$/.test(host) ? `${m[1] as string}://${host}` : null;
}

/**
 * For the Vite-built Svelte dashboard with MapLibre: scripts only from us (no inline, no eval);
 * MapLibre's worker from us or a blob; inline styles, which MapLibre sets on its elements; images
 * from us, data: and blob: (MapLibre decodes tiles into blobs) and the tile server, which MapLibre
 * also fetches from; connections (fetch, the /ws WebSocket) to us. Nothing may frame the dashboard.
 */
export function contentSecurityPolicy(tileUrl?: string): string {
  const tiles = tileSource(tileUrl);
  const extra = tiles === null ? '' : ` ${tiles}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${extra}`,
    "font-src 'self' data:",
    `connect-src 'self'${extra}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "manifest-src 'self'",
  ].join('; ');
}

// Geolocation stays allowed for our own pages: the contractor's page may share the machine's position.
const PERMISSIONS_POLICY = 'accelerometer=(), camera=(), geolocation=(self), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()';

/** Security headers on every response (an onSend hook, so errors and static files get them too). */
export function registerSecurityHeaders(app: FastifyInstance, opts: { readonly basemapTileUrl?: string | undefined }): void {
  const csp = contentSecurityPolicy(opts.basemapTileUrl);
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('content-security-policy', csp);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('permissions-policy', PERMISSIONS_POLICY);
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000');
    // API answers carry personal data and one-time secrets: no cache (browser or proxy) may keep them.
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
