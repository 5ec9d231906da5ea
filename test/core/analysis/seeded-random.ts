/** Deterministic pseudo-random numbers for known-answer tests (mulberry32 + Box–Muller). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` samples of N(mean, sd²) from a seeded generator. */
export function gaussianNoise(n: number, seed: number, mean = 0, sd = 1): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const u = Math.max(random(), 1e-12);
    const v = random();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  });
}

/** Unix-second timestamps starting at `start`, `step` seconds apart. */
export function timeAxis(n: number, start = 1_700_000_000, step = 60): number[] {
  return Array.from({ length: n }, (_, i) => start + i * step);
}
