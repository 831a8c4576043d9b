import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';
import { canValidateCap, capSchemaErrors, xmlErrors } from '../unit/cap/xmllint.ts';
import { apiAs, publish, rulesDir } from './alert.fixtures.ts';

const tag = (xml: string, name: string): string[] => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1] ?? '');

async function get(server: TestServer, path: string): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(`${server.httpUrl}${path}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

/**
 * Public alerts published as CAP 1.2 through the real app: Alert, then Update, then Cancel, each
 * validated against the OASIS schema with xmllint; references name every earlier message exactly,
 * also after a restart; the Atom feed links them; nothing needs a credential.
 */
describe('CAP 1.2 feed', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'skopia-cap-'));
  let dir: string;
  let server: TestServer;
  let alertId = '';
  const messages: string[] = [];

  beforeAll(async () => {
    dir = rulesDir();
    server = await startTestServer({ RULES_DIR: dir, DATA_DIR: dataDir, CAP_SENDER: 'civil-protection@polygyros.gr', PUBLIC_URL: 'https://skopia.polygyros.gr' });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes an Alert for a public alert, with a circle around the gauge', async () => {
    const gateway = await server.connectGateway('gw-polygyros');
    await publish(gateway, 'gw-polygyros', 'wl-polygyros-torrent', { water_level_cm: 125 });
    await gateway.endAsync();
    const api = await apiAs(server, 'viewer');
    await expect.poll(async () => (await api.alerts('?state=open')).length).toBe(1);
    alertId = (await api.alerts('?state=open'))[0]?.id ?? '';
    const res = await get(server, `/cap/alerts/${alertId}.xml`);
    expect(res.status).toBe(200);
    expect(res.type).toContain('application/cap+xml');
    messages.push(res.text);
    expect(tag(res.text, 'msgType')).toEqual(['Alert']);
    expect(tag(res.text, 'sender')).toEqual(['civil-protection@polygyros.gr']);
    expect(tag(res.text, 'sent')[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    expect(tag(res.text, 'severity')).toEqual(['Moderate']);
    expect(tag(res.text, 'category')).toEqual(['Met']);
    expect(tag(res.text, 'circle')).toEqual(['40.37100,23.45100 2.0']);
    expect(tag(res.text, 'web')).toEqual([`https://skopia.polygyros.gr/cap/alerts/${alertId}.xml`]);
    expect(res.text).not.toContain('<references>');
    if (canValidateCap()) expect(capSchemaErrors(res.text)).toBe('');
  });

  it('after a restart, an Update references the Alert exactly as it was sent', async () => {
    await server.close();
    server = await startTestServer({ RULES_DIR: dir, DATA_DIR: dataDir, CAP_SENDER: 'civil-protection@polygyros.gr', PUBLIC_URL: 'https://skopia.polygyros.gr' });
    const gateway = await server.connectGateway('gw-polygyros');
    await publish(gateway, 'gw-polygyros', 'wl-polygyros-torrent', { water_level_cm: 195 });
    await gateway.endAsync();
    await expect.poll(async () => tag((await get(server, `/cap/alerts/${alertId}.xml`)).text, 'msgType')).toEqual(['Update']);
    const update = (await get(server, `/cap/alerts/${alertId}.xml`)).text;
    messages.push(update);
    const first = messages[0] ?? '';
    expect(tag(update, 'references')).toEqual([`${tag(first, 'sender')[0]},${tag(first, 'identifier')[0]},${tag(first, 'sent')[0]}`]);
    expect(tag(update, 'severity')).toEqual(['Severe']);
    expect(tag(update, 'identifier')[0]).not.toBe(tag(first, 'identifier')[0]);
    if (canValidateCap()) expect(capSchemaErrors(update)).toBe('');
  });

  it('acknowledging publishes nothing; resolving publishes a Cancel referencing both', async () => {
    const operator = await apiAs(server, 'operator');
    await operator.post(`/api/alerts/${alertId}/acknowledge`, { comment: 'Sandbags to the bridge' });
    expect(tag((await get(server, `/cap/alerts/${alertId}.xml`)).text, 'msgType')).toEqual(['Update']);
    await operator.post(`/api/alerts/${alertId}/resolve`, { comment: 'Water receding; Giorgos checked the bridge' });
    const cancel = (await get(server, `/cap/alerts/${alertId}.xml`)).text;
    messages.push(cancel);
    expect(tag(cancel, 'msgType')).toEqual(['Cancel']);
    expect(tag(cancel, 'urgency')).toEqual(['Past']);
    expect(cancel).not.toContain('Giorgos');
    const refs = (tag(cancel, 'references')[0] ?? '').split(' ');
    expect(refs).toEqual(messages.slice(0, 2).map((m) => `${tag(m, 'sender')[0]},${tag(m, 'identifier')[0]},${tag(m, 'sent')[0]}`));
    if (canValidateCap()) expect(capSchemaErrors(cancel)).toBe('');
  });

  it('keeps every message as sent, each at its own URL, and links them from the Atom feed', async () => {
    for (const m of messages) {
      const id = tag(m, 'identifier')[0] ?? '';
      const res = await get(server, `/cap/messages/${id}.xml`);
      expect(res.text).toBe(m);
      if (canValidateCap()) expect(capSchemaErrors(res.text), id).toBe('');
    }
    const feed = await get(server, '/cap/feed.xml');
    expect(feed.status).toBe(200);
    expect(feed.type).toContain('application/atom+xml');
    if (canValidateCap()) expect(xmlErrors(feed.text)).toBe('');
    const cancelId = tag(messages[2] ?? '', 'identifier')[0] ?? '';
    expect(feed.text).toContain(`<link rel="alternate" type="application/cap+xml" href="https://skopia.polygyros.gr/cap/messages/${cancelId}.xml"/>`);
    expect(feed.text).toContain('<category term="Cancel"/>');
    const detail = await (await apiAs(server, 'viewer')).alert(alertId);
    expect(detail.cap.map((c) => c.msgType)).toEqual(['Alert', 'Update', 'Cancel']);
  });

  it('a non-public alert is not published; unknown ids are 404', async () => {
    expect((await get(server, '/cap/alerts/0b9d3f7e-1111-4222-8333-444455556666.xml')).status).toBe(404);
    expect((await get(server, '/cap/messages/nothing-here.xml')).status).toBe(404);
  });
});
