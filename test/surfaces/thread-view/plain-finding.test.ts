import { amount, metricWords, plainFinding } from '../../../src/surfaces/thread-view/plain-finding';

describe('plain-language findings', () => {
  it('turns a metric statistic into a value, its normal, the factor and the onset against the alert', () => {
    const finding = 'latency_p90_seconds on booking-service/booking-service-73c5hmh85-q89t8: median 0.653 (peak 0.799) vs 0.233 normal, robust z 27.425 against baseline and pre-incident';
    const onset = Date.parse('2024-08-06T19:58:30Z') / 1000;
    expect(plainFinding(finding, onset, '2024-08-06T20:00:00Z')).toBe(
      'p90 latency of booking-service (booking-service-73c5hmh85-q89t8) 0.65 s, normally 0.23 s — 2.8× higher since 19:58 UTC, before the alert',
    );
  });

  it('keeps a remark after the statistic and drops the robust z', () => {
    const finding = 'memory_usage_bytes on api/api-1: median 6.67e+8 (peak 6.88e+8) vs 3.2e+8 normal, robust z 1.679 against baseline and pre-incident; but it stepped up and held';
    const plain = plainFinding(finding);
    expect(plain).toBe('memory usage of api (api-1) 667 MB, normally 320 MB — 2.08× higher; but it stepped up and held');
    expect(plain).not.toMatch(/robust z/);
  });

  it('rounds long numbers of other findings', () => {
    expect(plainFinding('calls a → b spend a median 414.405 ms vs 0.763 ms in the reference')).toBe('calls a → b spend a median 414 ms vs 0.76 ms in the reference');
  });

  it('names metrics in words', () => {
    expect(metricWords('cpu_usage_percent')).toEqual({ words: 'CPU usage', unit: '%' });
    expect(metricWords('tcp_retransmits_per_second')).toEqual({ words: 'TCP retransmits', unit: '/s' });
    expect(amount(0.4137, 's')).toBe('0.41 s');
  });
});
