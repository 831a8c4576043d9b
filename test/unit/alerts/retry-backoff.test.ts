import { describe, expect, it } from 'vitest';
import { backoffDelayMs, deliverWithRetry, type AttemptReport, type RetryPolicy } from '../../../server/notify/retry-backoff.ts';
import { NotifyError } from '../../../server/notify/notifier.ts';

const policy: RetryPolicy = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 5000, jitter: 0.2 };

describe('exponential backoff', () => {
  it.each([
    [1, 0, 1000],
    [2, 0, 2000],
    [3, 0, 4000],
    [4, 0, 5000],
    [9, 0, 5000],
    [1, 1, 800],
    [3, 0.5, 3600],
  ])('after attempt %i with random %d waits %i ms', (attempt, random, want) => {
    expect(backoffDelayMs(attempt, policy, () => random)).toBe(want);
  });
});

describe('delivery with retries', () => {
  const run = async (outcomes: (Error | null)[], signal = new AbortController().signal) => {
    const waits: number[] = [];
    const reports: AttemptReport[] = [];
    let call = 0;
    const result = await deliverWithRetry(
      async () => {
        const outcome = outcomes[call++];
        if (outcome) throw outcome;
      },
      policy,
      { signal, random: () => 0, sleep: async (ms) => void waits.push(ms), onAttempt: (r) => reports.push(r) },
    );
    return { result, waits, reports, calls: call };
  };

  it('retries a transient failure with growing waits until it goes through', async () => {
    const { result, waits, reports } = await run([new Error('503'), new Error('503'), null]);
    expect(result).toEqual({ ok: true, attempts: 3, lastError: null });
    expect(waits).toEqual([1000, 2000]);
    expect(reports.map((r) => [r.attempt, r.ok, r.final])).toEqual([
      [1, false, false],
      [2, false, false],
      [3, true, true],
    ]);
  });

  it('gives up after the last attempt with the last error', async () => {
    const { result, waits } = await run(Array.from({ length: 5 }, (_, i) => new Error(`fail ${i + 1}`)));
    expect(result).toEqual({ ok: false, attempts: 5, lastError: 'fail 5' });
    expect(waits).toEqual([1000, 2000, 4000, 5000]);
  });

  it('does not retry a permanent error', async () => {
    const { result, calls } = await run([new NotifyError('webhook_rejected', '404', false)]);
    expect(result).toEqual({ ok: false, attempts: 1, lastError: '404' });
    expect(calls).toBe(1);
  });

  it('stops when cancelled, saying why', async () => {
    const abort = new AbortController();
    abort.abort();
    const { result, calls } = await run([null], abort.signal);
    expect(calls).toBe(0);
    expect(result.ok).toBe(false);
    expect(result.lastError).toContain('shutting down');
  });
});
