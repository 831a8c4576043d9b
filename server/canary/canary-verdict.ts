/**
 * The canary's decisions, as pure functions of its rounds and the time: is the pipeline fine, slow or
 * stopped; what to do with the self-check alert; when the next round is due.
 */
import { completedAt, latencies, stuckAt, type CanaryRound, type CanaryStage } from './canary-rounds.ts';

export type CanaryState = 'starting' | 'ok' | 'slow' | 'stopped';

export interface CanaryPolicy {
  /** A round is published this often. */
  readonly intervalMs: number;
  /** A round taking longer than this, publish to stored and live, is slow. */
  readonly slowMs: number;
  /** No round completing for this many intervals means stopped. */
  readonly missingRounds: number;
}

export const MISSING_ROUNDS = 3;

export interface CanaryVerdict {
  readonly state: CanaryState;
  /** A sentence for the operator; names the stage a stuck round is waiting for. */
  readonly reason: string;
  /** The stage the newest unfinished round waits for, when that is the problem. */
  readonly stuckAt: CanaryStage | null;
  /** For the alert: seconds without a complete round (stopped), or the slow round's seconds (slow). */
  readonly valueS: number;
}

export interface VerdictInput {
  readonly policy: CanaryPolicy;
  readonly startedAt: number;
  readonly now: number;
  readonly lastComplete: CanaryRound | null;
  /** Unfinished rounds, oldest first. */
  readonly pending: readonly CanaryRound[];
}

const WAITING_FOR: Readonly<Record<CanaryStage, string>> = {
  publish: 'could not be published to the MQTT broker',
  ingest: 'was published but the server never received it from the broker (ingest)',
  store: 'was received but is not yet durable in the telemetry store',
  live: 'was stored but the live hub never built its frame for the dashboards',
};

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function describe(r: CanaryRound, now: number): string {
  const stage = stuckAt(r);
  const detail = stage === 'publish' && r.publishError !== null ? ` (${r.publishError})` : '';
  return stage === null ? '' : `the test reading published ${seconds(now - r.publishedAt)} ago ${WAITING_FOR[stage]}${detail}`;
}

export function canaryVerdict(input: VerdictInput): CanaryVerdict {
  const { policy, now, lastComplete, pending } = input;
  const newest = pending[pending.length - 1] ?? null;
  const oldest = pending[0] ?? null;
  const silentSince = (lastComplete && completedAt(lastComplete)) ?? input.startedAt;
  const silentMs = now - silentSince;

  if (silentMs > policy.missingRounds * policy.intervalMs) {
    const last = lastComplete === null ? 'no test reading has made it through since the server started' : `no test reading has made it through for ${seconds(silentMs)}`;
    const why = newest === null ? '' : `; ${describe(newest, now)}`;
    return { state: 'stopped', reason: `Pipeline stopped: ${last}${why}.`, stuckAt: newest === null ? null : stuckAt(newest), valueS: silentMs / 1000 };
  }
  if (oldest !== null && now - oldest.publishedAt > policy.slowMs) {
    return {
      state: 'slow',
      reason: `Pipeline slow: ${describe(oldest, now)} (limit ${seconds(policy.slowMs)}).`,
      stuckAt: stuckAt(oldest),
      valueS: (now - oldest.publishedAt) / 1000,
    };
  }
  const last = lastComplete === null ? null : latencies(lastComplete);
  if (last !== null && last.totalMs > policy.slowMs) {
    return {
      state: 'slow',
      reason: `Pipeline slow: the last test reading took ${seconds(last.totalMs)} from publish to stored and live (limit ${seconds(policy.slowMs)}): ingest ${seconds(last.publishToIngestMs)}, store ${seconds(last.ingestToStoredMs)}, live ${seconds(last.ingestToLiveMs)}.`,
      stuckAt: null,
      valueS: last.totalMs / 1000,
    };
  }
  if (last === null) return { state: 'starting', reason: 'Waiting for the first test reading to make it through.', stuckAt: null, valueS: 0 };
  return { state: 'ok', reason: `The last test reading took ${seconds(last.totalMs)} from publish to stored and live.`, stuckAt: null, valueS: last.totalMs / 1000 };
}

export type AlertStep = 'raise' | 'update' | 'clear' | null;

const isBad = (s: CanaryState): boolean => s === 'slow' || s === 'stopped';

/**
 * What the self-check alert needs, given the state it last acted on, the new state, and whether the
 * alert service still has it open. While bad and no longer open (closed when the rules were reloaded,
 * or resolved by hand), an `update` is sent: the service reopens the former and ignores the latter
 * until the state gets worse, as it does for any rule's alert resolved by hand.
 */
export function alertStep(previous: CanaryState, next: CanaryState, open: boolean): AlertStep {
  if (!isBad(next)) return isBad(previous) ? 'clear' : null;
  if (!isBad(previous)) return 'raise';
  if (previous !== next || !open) return 'update';
  return null;
}

/**
 * When the next round is due. The first comes one interval after start, not at once: a server that
 * has just started is busy replaying the broker's queue and the spool, which is not the pipeline's
 * normal speed.
 */
export function nextRoundAt(startedAt: number, lastPublishedAt: number | null, intervalMs: number): number {
  return (lastPublishedAt ?? startedAt) + intervalMs;
}
