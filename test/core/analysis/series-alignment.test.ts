import { resample, sliceByTime } from '../../../src/core/analysis/series-alignment';
import { InputError } from '../../../src/core/errors';

describe('sliceByTime', () => {
  it('keeps points inside the closed interval', () => {
    expect(sliceByTime([0, 60, 120, 180], [1, 2, 3, 4], 60, 120)).toEqual({ timestamps: [60, 120], values: [2, 3] });
    expect(sliceByTime([0, 60], [1, 2], 500, 600)).toEqual({ timestamps: [], values: [] });
  });
});

describe('resample', () => {
  // Pods reporting at different seconds of the minute land in the same minute bucket.
  const minute = 1_700_000_040; // a multiple of 60
  const timestamps = [minute + 5, minute + 30, minute + 59, minute + 75, minute + 250];
  const values = [1, 5, 3, 10, NaN];

  it.each([
    ['avg', [3, 10]],
    ['max', [5, 10]],
    ['sum', [9, 10]],
  ] as const)('aggregates with %s on an epoch-aligned grid', (aggregation, expected) => {
    const result = resample(timestamps, values, 60, aggregation);
    expect(result.timestamps).toEqual([minute, minute + 60]);
    expect(result.values).toEqual(expected);
  });

  it('rejects a non-positive step with a message that says what to pass', () => {
    expect(() => resample([1], [1], 0, 'avg')).toThrow(InputError);
    expect(() => resample([1], [1], 0, 'avg')).toThrow(/positive number of seconds/);
  });
});
