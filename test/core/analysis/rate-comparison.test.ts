import { rateChangeScore, shareChangeScore } from '../../../src/core/analysis/rate-comparison';

describe('rateChangeScore', () => {
  it('is 0 for the same rate, whatever the exposures', () => {
    expect(rateChangeScore(10, 100, 20, 200)).toBeCloseTo(0, 10);
  });

  it('is signed: positive when the rate rose, negative when it fell', () => {
    expect(rateChangeScore(5, 100, 50, 100)).toBeGreaterThan(5);
    expect(rateChangeScore(50, 100, 5, 100)).toBeLessThan(-5);
  });

  it('doubts a surge measured against a tiny reference', () => {
    // 3 lines before, 15 now at a similar volume: likely, but far from certain.
    const small = rateChangeScore(3, 56, 15, 71);
    expect(small).toBeGreaterThan(2);
    expect(small).toBeLessThan(3);
    // The same fivefold rise over ten times the data is unmistakable.
    expect(rateChangeScore(30, 560, 150, 710)).toBeGreaterThan(7);
  });

  it('scores a line that vanished as the surprise of seeing none: sqrt(2k·ln(1 + E/k))', () => {
    // k = 6 lines in 14 spans before; 37 spans now, so E = 6·37/14 lines were due.
    const expectedLines = (6 * 37) / 14;
    expect(rateChangeScore(6, 14, 0, 37)).toBeCloseTo(-Math.sqrt(12 * Math.log(1 + expectedLines / 6)), 10);
  });

  it('is 0 without exposure or without any event', () => {
    expect(rateChangeScore(3, 0, 5, 10)).toBe(0);
    expect(rateChangeScore(0, 10, 0, 10)).toBe(0);
  });
});

describe('shareChangeScore', () => {
  it('is 0 for the same share, and signed by the direction of the change', () => {
    expect(shareChangeScore(50, 100, 10, 20)).toBeCloseTo(0, 10);
    expect(shareChangeScore(10, 100, 50, 100)).toBeGreaterThan(5);
    expect(shareChangeScore(50, 100, 10, 100)).toBeLessThan(-5);
  });

  it('tells a share that was always full and fell, where a rate test on the same counts cannot', () => {
    // Every one of 94 executions made the call; 10 of 16 still do.
    const share = shareChangeScore(94, 94, 10, 16);
    expect(share).toBeLessThan(-4);
    expect(rateChangeScore(94, 94, 10, 16)).toBeGreaterThan(-2);
    // The G statistic of the 2×2 table, by hand: pooled share 104/110.
    const p = 104 / 110;
    const g = 2 * (94 * Math.log(1 / p) + 10 * Math.log(10 / (16 * p)) + 6 * Math.log(6 / (16 * (1 - p))));
    expect(share).toBeCloseTo(-Math.sqrt(g), 10);
  });

  it('is 0 when a side is empty, impossible, or nothing varies', () => {
    expect(shareChangeScore(3, 0, 1, 5)).toBe(0);
    expect(shareChangeScore(6, 5, 1, 5)).toBe(0);
    expect(shareChangeScore(5, 5, 7, 7)).toBe(0);
    expect(shareChangeScore(0, 5, 0, 7)).toBe(0);
  });
});
