/**
 * Retries with exponential backoff for notifications: the delays are a pure function of the attempt,
 * and the loop takes its sleep and randomness from the caller so tests run it without waiting.
 */
import { NotifyError } from './notifier.ts';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** 0..1: how much of each delay may be taken off at random, so retries from many alerts spread out. */
  readonly jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 5, baseDelayMs: 2000, maxDelayMs: 60_000, jitter: 0.2 };

/** The wait after failed attempt `attempt` (1-based): base, 2×base, 4×base, ... capped, minus jitter. */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step * (1 - policy.jitter * random()));
}

export interface AttemptReport {
  readonly attempt: number;
  readonly ok: boolean;
  readonly error: string | null;
  /** No further attempt follows (success, a permanent error, the last attempt, or cancelled). */
  readonly final: boolean;
}

export interface DeliveryResult {
  readonly ok: boolean;
  readonly attempts: number;
  readonly lastError: string | null;
}

export interface RetryOptions {
  readonly signal: AbortSignal;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  readonly onAttempt?: (report: AttemptReport) => void;
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Tries `send` until it succeeds, fails permanently, runs out of attempts, or the signal aborts. */
export async function deliverWithRetry(send: (signal: AbortSignal) => Promise<void>, policy: RetryPolicy, options: RetryOptions): Promise<DeliveryResult> {
  const wait = options.sleep ?? sleep;
  let lastError: string | null = null;
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    if (options.signal.aborted) {
      lastError = `${lastError ? `${lastError}; ` : ''}not retried: the server is shutting down`;
      options.onAttempt?.({ attempt: attempt - 1, ok: false, error: lastError, final: true });
      return { ok: false, attempts: attempt - 1, lastError };
    }
    try {
      await send(options.signal);
      options.onAttempt?.({ attempt, ok: true, error: null, final: true });
      return { ok: true, attempts: attempt, lastError: null };
    } catch (error) {
      lastError = messageOf(error);
      const permanent = error instanceof NotifyError && !error.retryable;
      const final = permanent || attempt === policy.attempts;
      options.onAttempt?.({ attempt, ok: false, error: lastError, final });
      if (final) return { ok: false, attempts: attempt, lastError };
      await wait(backoffDelayMs(attempt, policy, options.random), options.signal);
    }
  }
  return { ok: false, attempts: policy.attempts, lastError };
}
