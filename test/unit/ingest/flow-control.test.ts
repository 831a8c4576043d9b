import { afterEach, describe, expect, it, vi } from 'vitest';
import { FlowControl } from '../../../server/ingest/flow-control.ts';

afterEach(() => vi.useRealTimers());

function control(backlog: { n: number }, overloads: number[] = []): FlowControl {
  return new FlowControl({ backlog: () => backlog.n, highWater: 100, lowWater: 40, maxPauseMs: 1000, pollMs: 10, onOverload: (n) => overloads.push(n) });
}

describe('ingest flow control', () => {
  it('lets messages through while the store keeps up', () => {
    const backlog = { n: 99 };
    expect(control(backlog).admit()).toBeNull();
  });

  it('pauses at the high-water mark and goes on once the store is down to the low-water mark', async () => {
    vi.useFakeTimers();
    const backlog = { n: 100 };
    const flow = control(backlog);
    let resumed = false;
    void flow.admit()?.then(() => (resumed = true));
    await vi.advanceTimersByTimeAsync(200);
    backlog.n = 41;
    await vi.advanceTimersByTimeAsync(200);
    expect(resumed).toBe(false);
    backlog.n = 40;
    await vi.advanceTimersByTimeAsync(10);
    expect(resumed).toBe(true);
    expect(flow.stats).toEqual({ pauses: 1, pausedMs: 410, overloaded: false });
    expect(flow.admit()).toBeNull();
  });

  it('never pauses longer than maxPauseMs: then the store overflows until it has caught up', async () => {
    vi.useFakeTimers();
    const backlog = { n: 5000 };
    const overloads: number[] = [];
    const flow = control(backlog, overloads);
    let resumed = false;
    void flow.admit()?.then(() => (resumed = true));
    await vi.advanceTimersByTimeAsync(990);
    expect(resumed).toBe(false);
    await vi.advanceTimersByTimeAsync(10);
    expect(resumed).toBe(true);
    expect(overloads).toEqual([5000]);
    expect(flow.stats.overloaded).toBe(true);
    // Overloaded: no more pauses, even far above the high-water mark...
    expect(flow.admit()).toBeNull();
    backlog.n = 100;
    expect(flow.admit()).toBeNull();
    // ...until the store is down to the low-water mark; then a new backlog pauses again.
    backlog.n = 40;
    expect(flow.admit()).toBeNull();
    expect(flow.stats.overloaded).toBe(false);
    backlog.n = 100;
    expect(flow.admit()).not.toBeNull();
  });

  it('refuses marks that cannot work', () => {
    expect(() => new FlowControl({ backlog: () => 0, highWater: 10, lowWater: 10, maxPauseMs: 1 })).toThrow(/lowWater < highWater/);
  });
});
