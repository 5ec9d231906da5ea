import { anomalyScore, robustZ } from '../../../src/core/analysis/anomaly-score';
import { gaussianNoise } from './seeded-random';

const baseline = gaussianNoise(120, 7, 100, 5);

describe('anomalyScore', () => {
  it('gives a spike a high upward score and reports its peak', () => {
    const current = [...gaussianNoise(20, 8, 100, 5), 180, 190, 185];
    const result = anomalyScore(current, baseline);
    expect(result.direction).toBe('up');
    expect(result.score).toBeGreaterThan(8);
    expect(result.currentPeak).toBe(190);
    expect(result.baselineMedian).toBeCloseTo(100, -1);
  });

  it('gives a window drawn from the baseline distribution a low score', () => {
    const result = anomalyScore(gaussianNoise(30, 9, 100, 5), baseline);
    expect(result.score).toBeLessThan(2.5);
    expect(result.ratio).toBeCloseTo(1, 1);
  });

  it('detects drops as direction down with a ratio below 1', () => {
    const result = anomalyScore(gaussianNoise(30, 10, 40, 5), baseline);
    expect(result.direction).toBe('down');
    expect(result.score).toBeGreaterThan(8);
    expect(result.ratio).toBeLessThan(0.5);
  });

  it('tail "median" ignores a short spike that tail "peak" reports', () => {
    const current = [...gaussianNoise(26, 11, 100, 5), 300, 300, 300, 300];
    expect(anomalyScore(current, baseline).score).toBeGreaterThan(20);
    expect(anomalyScore(current, baseline, { tail: 'median' }).score).toBeLessThan(2);
  });

  it('stays finite on a constant, an all-zero or an empty baseline', () => {
    const constant = anomalyScore([100, 101, 150], [100, 100, 100, 100]);
    expect(Number.isFinite(constant.score)).toBe(true);
    expect(constant.baselineScale).toBeCloseTo(5); // 5 % of the median
    expect(constant.direction).toBe('up');

    const zeros = anomalyScore([0, 0, 3], [0, 0, 0]);
    expect(Number.isFinite(zeros.score)).toBe(true);
    expect(zeros.ratio).toBeNaN();

    const empty = anomalyScore([1, 2, 3], []);
    expect(empty).toMatchObject({ score: 0, direction: 'none' });
    expect(anomalyScore([100, 100], [100, 100, 100])).toMatchObject({ score: 0, direction: 'none' });
  });
});

describe('robustZ', () => {
  it('is signed distance from the baseline median in robust scales', () => {
    const flat = [10, 12, 8, 10, 11, 9, 10]; // median 10, MAD 1
    expect(robustZ(10, flat)).toBe(0);
    expect(robustZ(10 + 3 * 1.4826, flat)).toBeCloseTo(3);
    expect(robustZ(10 - 1.4826, flat)).toBeCloseTo(-1);
    expect(Number.isFinite(robustZ(5, [1, 1, 1]))).toBe(true);
    expect(robustZ(5, [])).toBeNaN();
  });
});
