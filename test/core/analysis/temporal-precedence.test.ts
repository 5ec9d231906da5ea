import { precedenceScore } from '../../../src/core/analysis/temporal-precedence';

describe('precedenceScore', () => {
  const effect = 1_700_000_600;

  it('is 1 when the cause starts first, at the same time, or within the tolerance after', () => {
    expect(precedenceScore(effect - 300, effect, 60)).toBe(1);
    expect(precedenceScore(effect, effect, 60)).toBe(1);
    expect(precedenceScore(effect + 60, effect, 60)).toBe(1);
  });

  it('is 0.5 when either onset is unknown', () => {
    expect(precedenceScore(null, effect, 60)).toBe(0.5);
    expect(precedenceScore(effect, undefined, 60)).toBe(0.5);
    expect(precedenceScore(NaN, effect, 60)).toBe(0.5);
  });

  it('decays toward 0 the later the cause starts after the effect', () => {
    const slightlyLate = precedenceScore(effect + 90, effect, 60);
    const late = precedenceScore(effect + 120, effect, 60);
    const veryLate = precedenceScore(effect + 900, effect, 60);
    expect(slightlyLate).toBeLessThan(1);
    expect(slightlyLate).toBeGreaterThan(late);
    expect(late).toBeCloseTo(0.5); // one tolerance beyond the tolerance
    expect(veryLate).toBeLessThan(0.01);
    expect(veryLate).toBeGreaterThanOrEqual(0);
  });

  it('treats a zero tolerance strictly but still decays smoothly', () => {
    expect(precedenceScore(effect, effect, 0)).toBe(1);
    expect(precedenceScore(effect + 1, effect, 0)).toBeCloseTo(0.5);
  });
});
