import { rateChangeScore } from '../../../src/core/analysis/rate-comparison';

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
