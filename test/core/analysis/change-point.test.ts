import { detectChangePoint, onsetTime } from '../../../src/core/analysis/change-point';
import { prefixL1Costs } from '../../../src/core/analysis/segment-cost';
import { gaussianNoise, timeAxis } from './seeded-random';

describe('detectChangePoint', () => {
  it.each([
    [60, 40, 5, 'up'],
    [60, 15, -5, 'down'],
    [35, 30, 8, 'up'],
    [300, 200, 4, 'up'],
  ] as const)('finds a step in %i points at index %i (shift %i σ)', (n, at, shift, direction) => {
    const timestamps = timeAxis(n);
    const values = gaussianNoise(n, n + at, 50, 1).map((y, i) => (i >= at ? y + shift : y));
    const change = detectChangePoint(timestamps, values);
    expect(change).not.toBeNull();
    expect(Math.abs(change!.index - at)).toBeLessThanOrEqual(1);
    expect(change!.timestamp).toBe(timestamps[change!.index]);
    expect(change!.direction).toBe(direction);
    expect(Math.abs(change!.before - 50)).toBeLessThan(1.5);
    expect(Math.abs(change!.after - (50 + shift))).toBeLessThan(1.5);
    expect(change!.magnitude).toBeGreaterThan(Math.abs(shift) / 2);
  });

  it('returns null on pure noise (at most 3 % false alarms over 100 series)', () => {
    let alarms = 0;
    for (let seed = 1; seed <= 100; seed++) {
      if (detectChangePoint(timeAxis(60), gaussianNoise(60, seed, 50, 2)) !== null) alarms++;
    }
    expect(alarms).toBeLessThanOrEqual(3);
    expect(detectChangePoint(timeAxis(60), gaussianNoise(60, 4242))).toBeNull();
  });

  it('is not fooled by isolated outliers', () => {
    const values = gaussianNoise(60, 3, 10, 1);
    values[20] = 500;
    values[45] = 900;
    expect(detectChangePoint(timeAxis(60), values)).toBeNull();
  });

  it('finds a step in quantized data with many ties and skips NaN gaps', () => {
    const values = [...Array(20).fill(2), ...Array(10).fill(9)];
    values[5] = NaN;
    const change = detectChangePoint(timeAxis(30), values);
    expect(change).toMatchObject({ index: 20, before: 2, after: 9, direction: 'up' });
  });

  it('respects minSegment and minMagnitude', () => {
    const values = [...gaussianNoise(28, 5, 0, 1), 30, 30];
    expect(detectChangePoint(timeAxis(30), values, { minSegment: 5 })).toBeNull();
    expect(detectChangePoint(timeAxis(30), values, { minSegment: 2 })?.index).toBe(28);
    const small = gaussianNoise(200, 6, 0, 1).map((y, i) => (i >= 100 ? y + 1.2 : y));
    expect(detectChangePoint(timeAxis(200), small, { minMagnitude: 3 })).toBeNull();
    expect(detectChangePoint(timeAxis(200), small, { minMagnitude: 0.5 })).not.toBeNull();
  });

  it('returns null for series too short to split', () => {
    expect(detectChangePoint([1, 2], [1, 100])).toBeNull();
    expect(detectChangePoint([], [])).toBeNull();
  });
});

describe('onsetTime', () => {
  const baseline = gaussianNoise(60, 12, 100, 2);

  it('finds the start of a ramp once it stays beyond the threshold', () => {
    const timestamps = timeAxis(40);
    // Flat until index 20, then +2 per point (one baseline σ): |z| ≥ 3 from about index 23.
    const values = timestamps.map((_, i) => 100 + (i > 20 ? (i - 20) * 2 : 0));
    const onset = onsetTime(timestamps, values, baseline);
    expect(onset).not.toBeNull();
    const index = timestamps.indexOf(onset!);
    expect(index).toBeGreaterThanOrEqual(22);
    expect(index).toBeLessThanOrEqual(25);
  });

  it('dates a rise where it rose, not at an earlier dip, when told the side', () => {
    const timestamps = timeAxis(30);
    const values = timestamps.map((_, i) => (i === 3 || i === 4 ? 80 : i >= 20 ? 130 : 100));
    expect(onsetTime(timestamps, values, baseline, { persistence: 2 })).toBe(timestamps[3]);
    expect(onsetTime(timestamps, values, baseline, { persistence: 2, direction: 'up' })).toBe(timestamps[20]);
    expect(onsetTime(timestamps, values, baseline, { persistence: 2, direction: 'down' })).toBe(timestamps[3]);
  });

  it('ignores blips shorter than the persistence and honours the threshold', () => {
    const timestamps = timeAxis(20);
    const values = Array(20).fill(100);
    values[5] = 200;
    values[6] = 200;
    values[12] = values[13] = values[14] = 80;
    expect(onsetTime(timestamps, values, baseline)).toBe(timestamps[12]);
    expect(onsetTime(timestamps, values, baseline, { persistence: 2 })).toBe(timestamps[5]);
    expect(onsetTime(timestamps, values, baseline, { threshold: 1000 })).toBeNull();
  });

  it('returns null for a quiet series or an empty baseline', () => {
    expect(onsetTime(timeAxis(30), gaussianNoise(30, 13, 100, 2), baseline)).toBeNull();
    expect(onsetTime(timeAxis(3), [1, 2, 3], [])).toBeNull();
  });
});

describe('prefixL1Costs', () => {
  it('matches the brute-force sum of absolute deviations from the prefix median', () => {
    const ys = [...gaussianNoise(40, 21), 3, 3, 3, -7, 100];
    const costs = prefixL1Costs(ys);
    expect(costs).toHaveLength(ys.length + 1);
    for (let k = 1; k <= ys.length; k++) {
      const prefix = ys.slice(0, k);
      const sorted = [...prefix].sort((a, b) => a - b);
      const center = sorted[(k - 1) >> 1];
      const expected = prefix.reduce((sum, y) => sum + Math.abs(y - center), 0);
      expect(costs[k]).toBeCloseTo(expected, 9);
    }
  });
});
