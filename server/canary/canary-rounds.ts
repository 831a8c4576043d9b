/**
 * The canary's rounds: each published reading and when it passed each stage. No I/O and no clock: the
 * caller passes every time, so the bookkeeping is unit-tested with plain numbers.
 */

/** One canary reading on its way: publish → ingest (receipt) → durable in the store, and → live hub. */
export interface CanaryRound {
  readonly seq: number;
  readonly publishedAt: number;
  /** When the server's MQTT client received it (the reading's receivedAt). */
  readonly receivedAt: number | null;
  /** When the telemetry store had written it durably. */
  readonly storedAt: number | null;
  /** When the live hub built its frame, i.e. the moment a dashboard would have been sent it. */
  readonly liveAt: number | null;
  /** Why it never left: the broker was unreachable, or refused it. */
  readonly publishError: string | null;
}

export interface CanaryLatencies {
  readonly publishToIngestMs: number;
  readonly ingestToStoredMs: number;
  readonly ingestToLiveMs: number;
  /** Publish to the later of stored and live: the whole way. */
  readonly totalMs: number;
}

export function isComplete(r: CanaryRound): boolean {
  return r.storedAt !== null && r.liveAt !== null;
}

export function completedAt(r: CanaryRound): number | null {
  return r.storedAt === null || r.liveAt === null ? null : Math.max(r.storedAt, r.liveAt);
}

export function latencies(r: CanaryRound): CanaryLatencies | null {
  if (r.receivedAt === null || r.storedAt === null || r.liveAt === null) return null;
  return {
    publishToIngestMs: r.receivedAt - r.publishedAt,
    ingestToStoredMs: r.storedAt - r.receivedAt,
    ingestToLiveMs: r.liveAt - r.receivedAt,
    totalMs: Math.max(r.storedAt, r.liveAt) - r.publishedAt,
  };
}

/** The stage a round that has not completed is waiting for. */
export type CanaryStage = 'publish' | 'ingest' | 'store' | 'live';

export function stuckAt(r: CanaryRound): CanaryStage | null {
  if (r.publishError !== null) return 'publish';
  if (r.receivedAt === null) return 'ingest';
  if (r.storedAt === null) return 'store';
  if (r.liveAt === null) return 'live';
  return null;
}

export class CanaryRounds {
  #seq = 0;
  /** Rounds not yet complete, oldest first; pruned, so bounded. */
  #pending: CanaryRound[] = [];
  #lastComplete: CanaryRound | null = null;
  #published = 0;
  #completed = 0;
  #lost = 0;

  get pending(): readonly CanaryRound[] {
    return this.#pending;
  }

  get lastComplete(): CanaryRound | null {
    return this.#lastComplete;
  }

  /** Rounds started, completed, and given up on (never completed within the missing window). */
  get counts(): { readonly published: number; readonly completed: number; readonly lost: number } {
    return { published: this.#published, completed: this.#completed, lost: this.#lost };
  }

  /** A new round; returns its sequence number, the value the reading carries. */
  begin(at: number): number {
    const seq = ++this.#seq;
    this.#pending.push({ seq, publishedAt: at, receivedAt: null, storedAt: null, liveAt: null, publishError: null });
    this.#published++;
    return seq;
  }

  publishFailed(seq: number, error: string): void {
    this.#update(seq, (r) => ({ ...r, publishError: error }));
  }

  /** Ingest accepted the round's reading. Unknown rounds (pruned, or from before a restart) are ignored. */
  received(seq: number, at: number): boolean {
    return this.#update(seq, (r) => (r.receivedAt === null ? { ...r, receivedAt: at, publishError: null } : r));
  }

  stored(seq: number, at: number): CanaryRound | null {
    this.#update(seq, (r) => (r.storedAt === null ? { ...r, storedAt: at } : r));
    return this.#settle();
  }

  /** The hub built the canary's frame: every received round still waiting for it is now live. */
  live(at: number): CanaryRound | null {
    this.#pending = this.#pending.map((r) => (r.receivedAt !== null && r.liveAt === null ? { ...r, liveAt: at } : r));
    return this.#settle();
  }

  /** Gives up on rounds older than `maxAgeMs`: they count as lost and are ignored if they turn up later. */
  prune(now: number, maxAgeMs: number): number {
    const before = this.#pending.length;
    this.#pending = this.#pending.filter((r) => now - r.publishedAt <= maxAgeMs);
    const dropped = before - this.#pending.length;
    this.#lost += dropped;
    return dropped;
  }

  #update(seq: number, change: (r: CanaryRound) => CanaryRound): boolean {
    const i = this.#pending.findIndex((r) => r.seq === seq);
    const round = this.#pending[i];
    if (round === undefined) return false;
    this.#pending[i] = change(round);
    return true;
  }

  /** Moves complete rounds out of pending; returns the newest one that completed, if any. */
  #settle(): CanaryRound | null {
    let newest: CanaryRound | null = null;
    const still: CanaryRound[] = [];
    for (const r of this.#pending) {
      if (!isComplete(r)) {
        still.push(r);
        continue;
      }
      this.#completed++;
      if (newest === null || r.seq > newest.seq) newest = r;
    }
    this.#pending = still;
    if (newest !== null && (this.#lastComplete === null || newest.seq > this.#lastComplete.seq)) this.#lastComplete = newest;
    return newest;
  }
}
