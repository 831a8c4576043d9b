/**
 * Acknowledgement latencies in 0.1 ms buckets (up to 60 s): constant memory for millions of messages,
 * and histograms from several processes simply add up.
 */
export class LatencyHistogram {
  static readonly BUCKET_MS = 0.1;
  static readonly BUCKETS = 600_000;
  readonly #counts = new Uint32Array(LatencyHistogram.BUCKETS);
  #total = 0;

  record(ms: number): void {
    const bucket = Math.min(LatencyHistogram.BUCKETS - 1, Math.max(0, Math.floor(ms / LatencyHistogram.BUCKET_MS)));
    this.#counts[bucket] = (this.#counts[bucket] ?? 0) + 1;
    this.#total++;
  }

  get count(): number {
    return this.#total;
  }

  /** Non-empty buckets as [bucket, count] pairs, for sending between processes. */
  toPairs(): [number, number][] {
    const pairs: [number, number][] = [];
    this.#counts.forEach((c, i) => {
      if (c > 0) pairs.push([i, c]);
    });
    return pairs;
  }

  addPairs(pairs: readonly (readonly [number, number])[]): void {
    for (const [bucket, count] of pairs) {
      this.#counts[bucket] = (this.#counts[bucket] ?? 0) + count;
      this.#total += count;
    }
  }

  /** The latency below which `p` (0–1) of the messages were acknowledged, ms; null when empty. */
  percentile(p: number): number | null {
    if (this.#total === 0) return null;
    const rank = Math.ceil(p * this.#total);
    let seen = 0;
    for (let i = 0; i < this.#counts.length; i++) {
      seen += this.#counts[i] ?? 0;
      if (seen >= rank) return (i + 1) * LatencyHistogram.BUCKET_MS;
    }
    return null;
  }
}
