import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import { LiveHub } from '../../../server/live/live-hub.ts';
import { LiveProbeSocket } from '../../../server/canary/canary-live-hook.ts';
import type { SensorView } from '../../../server/contracts/live.ts';

/** A socket that keeps what it is sent, parsed. */
class RecordingSocket extends LiveProbeSocket {
  readonly frames: { type: string; sensor?: { id: string } }[] = [];
  override send(data: string): void {
    super.send(data);
    this.frames.push(JSON.parse(data) as { type: string; sensor?: { id: string } });
  }
}

function hubWithViews(): { hub: LiveHub; built: string[] } {
  const built: string[] = [];
  const hub = new LiveHub({
    snapshot: () => [{ id: 'a' }, { id: 'b' }] as unknown as SensorView[],
    sensorView: (id) => {
      built.push(id);
      return { id } as unknown as SensorView;
    },
    log: { debug: () => undefined } as unknown as FastifyBaseLogger,
    flushIntervalMs: 10,
  });
  return { hub, built };
}

describe('live hub', () => {
  afterEach(() => vi.useRealTimers());

  it('builds a changed sensor once per flush, whatever the number of dashboards', () => {
    vi.useFakeTimers();
    const { hub, built } = hubWithViews();
    const one = new RecordingSocket();
    const two = new RecordingSocket();
    hub.attach(one.asWebSocket());
    hub.attach(two.asWebSocket());
    for (let i = 0; i < 5; i++) hub.sensorChanged('a');
    vi.advanceTimersByTime(10);
    expect(built).toEqual(['a']);
    expect(one.frames.map((f) => f.type)).toEqual(['snapshot', 'sensor']);
    expect(two.frames.map((f) => f.sensor?.id)).toEqual([undefined, 'a']);
    hub.close();
  });

  it('builds nothing for a client that watches other sensors (the canary probe alone)', () => {
    vi.useFakeTimers();
    const { hub, built } = hubWithViews();
    const probe = new RecordingSocket();
    hub.attach(probe.asWebSocket(), { watchSensor: (id) => id === 'b' });
    expect(probe.frames[0]).toMatchObject({ type: 'snapshot', sensors: [{ id: 'b' }] });
    hub.sensorChanged('a');
    vi.advanceTimersByTime(50);
    expect(built).toEqual([]);
    hub.sensorChanged('b');
    vi.advanceTimersByTime(10);
    expect(built).toEqual(['b']);
    expect(probe.frames.map((f) => f.sensor?.id)).toEqual([undefined, 'b']);

    // A dashboard that opens later gets every sensor; the probe still only its own.
    const wall = new RecordingSocket();
    hub.attach(wall.asWebSocket());
    hub.sensorChanged('a');
    vi.advanceTimersByTime(10);
    expect(wall.frames.map((f) => f.sensor?.id)).toEqual([undefined, 'a']);
    expect(probe.frames).toHaveLength(2);
    hub.close();
  });
});
