import { formatUtc, parseTimestamp } from '../../../src/core/alerts/time-parser';

describe('timestamps in alert texts', () => {
  it.each([
    ['2023-01-29 10:57:35 UTC', '2023-01-29T10:57:35Z'],
    ['2023-01-29T10:57:35Z', '2023-01-29T10:57:35Z'],
    ['2023-01-29T12:57:35+02:00', '2023-01-29T10:57:35Z'],
    ['2023-01-29 10:57:35.250 +0000 UTC', '2023-01-29T10:57:35.250Z'],
    ['Mon Jan 30 2023 13:33:04 UTC', '2023-01-30T13:33:04Z'],
    ['Jan 30, 2023 at 1:33:04 PM UTC', '2023-01-30T13:33:04Z'],
    ['30 Jan 2023 13:33:04 GMT', '2023-01-30T13:33:04Z'],
    ['1709647331', '2024-03-05T14:02:11Z'],
    ['1709647331.000200', '2024-03-05T14:02:11Z'],
  ])('reads %j', (text, expected) => {
    expect(parseTimestamp(text)).toBe(expected);
  });

  it.each(['', 'yesterday', '2023-02-31 10:00:00 UTC', '2023-13-01 10:00', 'version 1.2.3'])('rejects %j', (text) => {
    expect(parseTimestamp(text)).toBeNull();
  });

  it('formats without milliseconds when there are none', () => {
    expect(formatUtc(new Date(Date.UTC(2024, 2, 5, 14, 2, 11)))).toBe('2024-03-05T14:02:11Z');
    expect(formatUtc(new Date(Date.UTC(2024, 2, 5, 14, 2, 11, 5)))).toBe('2024-03-05T14:02:11.005Z');
  });
});
