/**
 * Seeded randomness. Every random choice in the simulator goes through here, so a run is reproducible from
 * its seed: the same scenario and seed always publish the same values.
 *
 * Values are derived from a key (seed, sensor id, time, ...) rather than drawn from one shared stream,
 * so a reading does not depend on how many readings were generated before it or in which order.
 */

const floatView = new DataView(new ArrayBuffer(8));

/** 32-bit FNV-1a over the parts (numbers by their bits, strings by their characters), then a finalising mix. */
export function hashKey(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    if (typeof part === 'number') {
      let lo: number;
      let hi: number;
      if (Number.isSafeInteger(part)) {
        lo = part >>> 0;
        hi = Math.floor(part / 4_294_967_296) >>> 0;
      } else {
        floatView.setFloat64(0, part);
        lo = floatView.getUint32(4);
        hi = floatView.getUint32(0) ^ 0x9e3779b9;
      }
      h = Math.imul(h ^ lo, 0x01000193);
      h = Math.imul(h ^ hi, 0x01000193);
    } else {
      for (let i = 0; i < part.length; i++) h = Math.imul(h ^ part.charCodeAt(i), 0x01000193);
    }
    // A separator so ('ab', 'c') and ('a', 'bc') differ.
    h = Math.imul(h ^ 0xff, 0x01000193);
  }
  return mix32(h);
}

/** murmur3's finaliser: spreads every input bit over the output. */
function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform number in [0, 1) for a key, without creating a generator. */
export function unitFromKey(...parts: readonly (string | number)[]): number {
  return hashKey(...parts) / 4_294_967_296;
}

/** mulberry32: tiny, fast, good enough for simulation (not for cryptography). */
export class SeededRandom {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  static fromKey(...parts: readonly (string | number)[]): SeededRandom {
    return new SeededRandom(hashKey(...parts));
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return Math.floor(this.between(min, max + 1));
  }

  /** Standard normal (Box–Muller), scaled. */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Hexadecimal digits, for ids such as a LoRaWAN DevAddr or a deduplication UUID. */
  hex(digits: number): string {
    let out = '';
    while (out.length < digits) out += Math.floor(this.next() * 16).toString(16);
    return out;
  }
}
