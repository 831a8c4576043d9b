import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import type { FastifyBaseLogger } from 'fastify';
import { FlowControl } from '../../server/ingest/flow-control.ts';
import { IngestPipeline } from '../../server/ingest/ingest-pipeline.ts';
import { MqttIngest } from '../../server/ingest/mqtt-ingest.ts';
import { loadRegionFiles } from '../../server/registry/region-files.ts';
import { SensorRegistry } from '../../server/registry/sensor-registry.ts';
import { MOSQUITTO_BIN, startMosquitto, type RunningMosquitto } from '../helpers/mosquitto.ts';
import { requireBinary } from '../helpers/require-binary.ts';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as FastifyBaseLogger;

/**
 * While the telemetry store is behind, ingest takes no more messages and the broker holds them (the
 * ingest socket stops reading), then takes every one of them, each acknowledged once.
 */
describe('ingest flow control through a real Mosquitto', () => {
  const haveMosquitto = requireBinary(MOSQUITTO_BIN, 'mosquitto');
  let mosquitto: RunningMosquitto | null = null;
  beforeAll(async () => {
    if (haveMosquitto) mosquitto = await startMosquitto();
  });
  afterAll(async () => {
    await mosquitto?.stop();
  });

  it('holds messages on the broker while the store is behind, then takes every one of them', async (ctx) => {
    if (!mosquitto) return ctx.skip();
    const files = await loadRegionFiles('data/regions', 'polygyros');
    const pipeline = new IngestPipeline({ prefix: 'skopia', maxPayloadBytes: 65_536, registry: new SensorRegistry(files.gateways, files.sensors) });
    const backlog = { n: 0 };
    const flowControl = new FlowControl({ backlog: () => backlog.n, highWater: 100, lowWater: 10, maxPauseMs: 60_000, pollMs: 5 });
    let stored = 0;
    const ingest = new MqttIngest({
      url: mosquitto.url,
      clientId: 'skopia-flow-control',
      prefix: 'skopia',
      pipeline,
      onOutcome: (outcome) => {
        stored += outcome.readings.length;
        backlog.n += outcome.readings.length;
      },
      log: quiet,
      flowControl,
    });
    await ingest.start();
    const gateway = await mqtt.connectAsync(mosquitto.url, { protocolVersion: 4 });
    try {
      const N = 2000;
      const base = Date.now() - 3_600_000;
      await Promise.all(
        Array.from({ length: N }, (_, i) =>
          gateway.publishAsync('skopia/gw-polygyros/wl-polygyros-torrent/telemetry', JSON.stringify({ ts: base + i, metrics: { water_level_cm: i % 300 } }), { qos: 1 }),
        ),
      );
      // The "store" never drains: ingest stops near the high-water mark; the broker keeps the rest.
      await expect.poll(() => flowControl.stats.pauses).toBe(1);
      await new Promise((r) => setTimeout(r, 300));
      expect(stored).toBeGreaterThanOrEqual(100);
      expect(stored).toBeLessThan(N);
      // The store catches up: ingest goes on and every message arrives, once.
      backlog.n = 0;
      const drain = setInterval(() => (backlog.n = 0), 2);
      await expect.poll(() => stored, { timeout: 20_000 }).toBe(N);
      clearInterval(drain);
      expect(pipeline.counters.accepted).toBe(N);
      expect(flowControl.stats.overloaded).toBe(false);
    } finally {
      await gateway.endAsync();
      await ingest.stop();
    }
  });
});
