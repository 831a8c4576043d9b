import { describe, expect, it } from 'vitest';
import { CanaryRounds, latencies, stuckAt, type CanaryRound } from '../../../server/canary/canary-rounds.ts';
import { alertStep, canaryVerdict, nextRoundAt, type CanaryPolicy, type CanaryState } from '../../../server/canary/canary-verdict.ts';

const policy: CanaryPolicy = { intervalMs: 60_000, slowMs: 5_000, missingRounds: 3 };
const START = 1_000_000;

function round(seq: number, publishedAt: number, stages: Partial<Omit<CanaryRound, 'seq' | 'publishedAt'>> = {}): CanaryRound {
  return { seq, publishedAt, receivedAt: null, storedAt: null, liveAt: null, publishError: null, ...stages };
}

const done = (seq: number, at: number, totalMs: number): CanaryRound => round(seq, at, { receivedAt: at + 2, storedAt: at + totalMs, liveAt: at + totalMs - 1 });

describe('CanaryRounds', () => {
  it('follows a round through ingest, store and live to complete', () => {
    const rounds = new CanaryRounds();
    const seq = rounds.begin(100);
    expect(rounds.received(seq, 105)).toBe(true);
    expect(rounds.stored(seq, 200)).toBeNull();
    const complete = rounds.live(150);
    expect(complete).toMatchObject({ seq, publishedAt: 100, receivedAt: 105, storedAt: 200, liveAt: 150 });
    expect(latencies(complete as CanaryRound)).toEqual({ publishToIngestMs: 5, ingestToStoredMs: 95, ingestToLiveMs: 45, totalMs: 100 });
    expect(rounds.pending).toEqual([]);
    expect(rounds.counts).toEqual({ published: 1, completed: 1, lost: 0 });
  });

  it('marks only received rounds live: a frame cannot be for a reading ingest has not seen', () => {
    const rounds = new CanaryRounds();
    const a = rounds.begin(100);
    const b = rounds.begin(200);
    rounds.received(a, 110);
    rounds.live(150);
    expect(rounds.pending.map((r) => [r.seq, r.liveAt])).toEqual([
      [a, 150],
      [b, null],
    ]);
  });

  it('ignores readings of rounds it does not know (before a restart, or given up on)', () => {
    const rounds = new CanaryRounds();
    expect(rounds.received(42, 1)).toBe(false);
    const seq = rounds.begin(0);
    expect(rounds.prune(200_000, 180_000)).toBe(1);
    expect(rounds.received(seq, 200_001)).toBe(false);
    expect(rounds.counts).toEqual({ published: 1, completed: 0, lost: 1 });
  });

  it('keeps the newest complete round when rounds finish out of order', () => {
    const rounds = new CanaryRounds();
    const a = rounds.begin(100);
    const b = rounds.begin(200);
    rounds.received(b, 210);
    rounds.stored(b, 300);
    rounds.live(300);
    rounds.received(a, 400);
    rounds.stored(a, 500);
    rounds.live(500);
    expect(rounds.lastComplete?.seq).toBe(b);
  });

  it('a reading that arrives after a failed publish (delivered on reconnect) clears the error', () => {
    const rounds = new CanaryRounds();
    const seq = rounds.begin(100);
    rounds.publishFailed(seq, 'not connected');
    expect(stuckAt(rounds.pending[0] as CanaryRound)).toBe('publish');
    rounds.received(seq, 300);
    expect(stuckAt(rounds.pending[0] as CanaryRound)).toBe('store');
  });
});

describe('canaryVerdict', () => {
  const verdict = (now: number, lastComplete: CanaryRound | null, pending: CanaryRound[] = []) => canaryVerdict({ policy, startedAt: START, now, lastComplete, pending });

  it('is starting until the first round completes', () => {
    expect(verdict(START + 61_000, null, [round(1, START + 60_000)])).toMatchObject({ state: 'starting' });
  });

  it('is ok when the last round was fast and nothing is overdue', () => {
    expect(verdict(START + 61_000, done(1, START + 60_000, 150))).toMatchObject({ state: 'ok', valueS: 0.15 });
  });

  it('is slow when the last round took longer than slowMs', () => {
    const v = verdict(START + 70_000, done(1, START + 60_000, 6_000));
    expect(v).toMatchObject({ state: 'slow', stuckAt: null, valueS: 6 });
    expect(v.reason).toMatch(/took 6\.0 s/);
  });

  it('is slow as soon as an unfinished round is older than slowMs, naming where it waits', () => {
    const v = verdict(START + 126_000, done(1, START + 60_000, 100), [round(2, START + 120_000, { receivedAt: START + 120_010 })]);
    expect(v).toMatchObject({ state: 'slow', stuckAt: 'store' });
    expect(v.reason).toMatch(/not yet durable in the telemetry store/);
  });

  it('is stopped when no round completed for 3 intervals, and names the stage the newest waits for', () => {
    const v = verdict(START + 60_100 + 3 * 60_000 + 1, done(1, START + 60_000, 100), [round(4, START + 240_000)]);
    expect(v).toMatchObject({ state: 'stopped', stuckAt: 'ingest' });
    expect(v.reason).toMatch(/server never received it/);
  });

  it('is stopped when no round ever completed for 3 intervals after start, with the publish error', () => {
    const v = verdict(START + 3 * 60_000 + 1, null, [round(2, START + 120_000, { publishError: 'connection refused' })]);
    expect(v).toMatchObject({ state: 'stopped', stuckAt: 'publish' });
    expect(v.reason).toMatch(/since the server started.*could not be published.*connection refused/);
  });
});

describe('alertStep', () => {
  const cases: [CanaryState, CanaryState, boolean, ReturnType<typeof alertStep>][] = [
    ['starting', 'ok', false, null],
    ['ok', 'ok', false, null],
    ['ok', 'slow', false, 'raise'],
    ['starting', 'stopped', false, 'raise'],
    ['slow', 'stopped', true, 'update'],
    ['stopped', 'slow', true, 'update'],
    ['slow', 'slow', true, null],
    // Closed by a rule reload, or resolved by hand: sent again (the service reopens or ignores it).
    ['stopped', 'stopped', false, 'update'],
    ['slow', 'ok', true, 'clear'],
    ['stopped', 'ok', false, 'clear'],
    ['stopped', 'starting', true, 'clear'],
  ];
  it.each(cases)('%s → %s (open: %s): %s', (previous, next, open, expected) => {
    expect(alertStep(previous, next, open)).toBe(expected);
  });
});

describe('scheduling', () => {
  it('publishes the first round one interval after start, then one interval after the previous', () => {
    expect(nextRoundAt(START, null, 60_000)).toBe(START + 60_000);
    expect(nextRoundAt(START, START + 60_005, 60_000)).toBe(START + 120_005);
  });
});
