/** A seeded pseudo-random generator; see {@link createRng}. */
export interface Rng {
  /** Returns the next float in [0, 1), with 32 random bits. */
  next(): number;
}

/**
 * Creates a deterministic generator (mulberry32) from a 32-bit integer seed.
 * It uses only 32-bit integer arithmetic (`Math.imul`, shifts), so a seed
 * gives the same sequence in Node and in every browser.
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return {
    next(): number {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}
