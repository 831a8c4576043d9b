import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, tileSource } from '../../../server/http/security-headers.ts';
import { redactUrl } from '../../../server/http/auth-log-redaction.ts';
import { spreadsheetSafe } from '../../../server/http/audit-routes.ts';

describe('content security policy', () => {
  it.each([
    [undefined, null],
    ['https://tile.openstreetmap.org/{z}/{x}/{y}.png', 'https://tile.openstreetmap.org'],
    ['https://{s}.tile.example.org/{z}/{x}/{y}.png', 'https://*.tile.example.org'],
    ['http://10.0.0.4:8081/tiles/{z}/{x}/{y}.png', 'http://10.0.0.4:8081'],
    ['https://user:pw@tiles.example.org/{z}/{x}/{y}', 'https://tiles.example.org'],
    ['https://tiles.example.org;script-src *;/{z}', null],
    ['https://{z}-{x}.example.org/', null],
  ])('takes the tile source of %j as %j', (url, expected) => {
    expect(tileSource(url)).toBe(expected);
  });

  it('allows the dashboard and MapLibre, and nothing inline or framed', () => {
    const csp = contentSecurityPolicy('https://tile.openstreetmap.org/{z}/{x}/{y}.png');
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toContain("img-src 'self' data: blob: https://tile.openstreetmap.org;");
    expect(csp).toContain("connect-src 'self' https://tile.openstreetmap.org;");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  });
});

describe('log redaction', () => {
  it.each([
    ['/ws?kiosk=skk_abc', '/ws?kiosk=[redacted]'],
    ['/api/sensors?metric=x&kiosk=skk_abc&maxPoints=5', '/api/sensors?metric=x&kiosk=[redacted]&maxPoints=5'],
    ['/?KIOSK=skk_abc#sensor=x', '/?KIOSK=[redacted]#sensor=x'],
    ['/c/123?sig=abc&token=def', '/c/123?sig=[redacted]&token=[redacted]'],
    ['/api/sensors?notkiosk=1', '/api/sensors?notkiosk=1'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

describe('spreadsheet-safe CSV cells', () => {
  it.each([
    ['=HYPERLINK("http://evil")', `'=HYPERLINK("http://evil")`],
    ['+1', `'+1`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\t=1', `'\t=1`],
    ['<script>alert(1)</script>', '<script>alert(1)</script>'],
    ['maria', 'maria'],
    [null, ''],
  ])('%j → %j', (value, expected) => {
    expect(spreadsheetSafe(value)).toBe(expected);
  });
});
