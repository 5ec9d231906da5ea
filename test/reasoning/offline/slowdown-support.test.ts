import { showsSlowdown } from '../../../src/reasoning/offline/hypothesis-tester';
import type { ServiceFinding } from '../../../src/reasoning/offline/service-finding';

const latency = (ratio: number | undefined, direction: 'up' | 'down' = 'up'): ServiceFinding => ({
  service: 'storefront',
  family: 'latency',
  score: 32,
  strength: 1,
  direction,
  signal: 'latency_p50_seconds',
  detail: '',
  evidenceIds: [],
  against: ['baseline', 'pre-incident'],
  ...(ratio === undefined ? {} : { ratio }),
});

describe('support for code that became slow', () => {
  it('takes a median latency up by a telling factor', () => {
    expect(showsSlowdown(latency(1.4))).toBe(true);
    expect(showsSlowdown(latency(3))).toBe(true);
    expect(showsSlowdown(latency(undefined))).toBe(true);
  });

  it('does not take a median a few percent up, however far outside a steady baseline (z 32)', () => {
    expect(showsSlowdown(latency(1.06))).toBe(false);
    expect(showsSlowdown(latency(1.1))).toBe(false);
  });
});
