import {
  mad,
  mean,
  median,
  quantile,
  robustScale,
  standardDeviation,
} from '../../../src/core/analysis/robust-statistics';

describe('robust statistics', () => {
  it('computes median and interpolated quantiles without mutating the input', () => {
    const xs = [5, 1, 4, 2, 3];
    expect(median(xs)).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile(xs, 0.25)).toBe(2);
    expect(quantile([0, 10], 0.9)).toBeCloseTo(9);
    expect(quantile(xs, 2)).toBe(5);
    expect(xs).toEqual([5, 1, 4, 2, 3]);
  });

  it('returns NaN on empty input and ignores non-finite values', () => {
    expect(median([])).toBeNaN();
    expect(quantile([], 0.5)).toBeNaN();
    expect(mean([])).toBeNaN();
    expect(mad([])).toBeNaN();
    expect(robustScale([])).toBeNaN();
    expect(standardDeviation([])).toBeNaN();
    expect(median([NaN, 1, Infinity, 3])).toBe(2);
    expect(mean([NaN, 2, 4])).toBe(3);
  });

  it('computes mean, sample standard deviation and raw MAD', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138, 3);
    expect(standardDeviation([7])).toBe(0);
    // deviations from median 3: 2,1,0,1,97 → median 1
    expect(mad([1, 2, 3, 4, 100])).toBe(1);
  });

  it('is robust: one huge outlier barely moves the scale', () => {
    const clean = [10, 11, 9, 10, 12, 8, 10, 11, 9, 10];
    expect(robustScale([...clean, 10_000])).toBeLessThan(2 * robustScale(clean));
    expect(robustScale(clean)).toBeCloseTo(1.4826 * mad(clean));
  });

  it('never returns 0: constant data falls back to 5 % of |median|, all-zero data to 1e-9', () => {
    expect(robustScale([200, 200, 200, 200])).toBeCloseTo(10);
    expect(robustScale([0, 0, 0])).toBe(1e-9);
    // MAD and IQR are 0 but the values are not all equal: the standard deviation is used.
    const mostlyFlat = [5, 5, 5, 5, 5, 5, 5, 5, 5, 25];
    expect(robustScale(mostlyFlat)).toBeCloseTo(standardDeviation(mostlyFlat));
  });
});
