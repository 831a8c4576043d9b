import { describe, expect, it } from 'vitest';
import { SeededRandom, hashKey, unitFromKey } from '../../../sensors/simulator/random/seeded-random.ts';
import { smoothNoise } from '../../../sensors/simulator/random/smooth-noise.ts';

describe('seeded randomness', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const c = new SeededRandom(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
  });

  it('stays in [0, 1) and is roughly uniform', () => {
    const rng = new SeededRandom(7);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = rng.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      sum += x;
    }
    expect(sum / 10_000).toBeCloseTo(0.5, 1);
  });

  it('keys separate their parts', () => {
    expect(hashKey('ab', 'c')).not.toBe(hashKey('a', 'bc'));
    expect(unitFromKey(1, 'x', 10)).toBe(unitFromKey(1, 'x', 10));
  });

  it('smooth noise is continuous and bounded', () => {
    for (let x = 0; x < 20; x += 0.01) {
      const v = smoothNoise(x, 'k');
      expect(Math.abs(v)).toBeLessThanOrEqual(1);
      expect(Math.abs(smoothNoise(x + 0.01, 'k') - v)).toBeLessThan(0.05);
    }
  });
});
