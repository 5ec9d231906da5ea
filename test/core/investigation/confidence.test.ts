import { computeConfidence, CONFIDENCE_CAP } from '../../../src/core/investigation/confidence';

const clear = { anomaly: 1, precedence: 1, topology: 1, coverage: 1, specificity: 1 };

describe('computeConfidence', () => {
  it('keeps a clear, specific, well-timed anomaly just below certainty', () => {
    expect(computeConfidence(clear)).toBe(CONFIDENCE_CAP);
  });

  it('lets timing or topology that contradict the hypothesis cut it to 15 %', () => {
    expect(computeConfidence({ ...clear, precedence: 0 })).toBe(0.15);
    expect(computeConfidence({ ...clear, topology: 0 })).toBe(0.15);
    // Unknown (0.5) takes nothing away.
    expect(computeConfidence({ ...clear, precedence: 0.5, topology: 0.5, anomaly: 0.8 })).toBe(0.8);
  });

  it('ranks a clear signal only one service shows above a saturated deviation that many services share', () => {
    // A latency spike in a dozen services at once: reliability 0.7 over (1 + 0.25 × 11 others).
    const shared = computeConfidence({ ...clear, anomaly: 1, specificity: 0.7 / 3.75 });
    // A silenced code path in one service, a somewhat weaker anomaly.
    const telling = computeConfidence({ ...clear, anomaly: 0.77, specificity: 1 });
    expect(shared).toBeCloseTo(1 * (0.5 + 0.5 * (0.6 * (0.7 / 3.75) + 0.4)), 3);
    expect(telling).toBeGreaterThan(shared);
  });

  it('discounts evidence that rests on failed queries', () => {
    expect(computeConfidence({ ...clear, coverage: 0 })).toBe(0.8);
  });
});
