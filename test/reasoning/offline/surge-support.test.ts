import { showsSurge } from '../../../src/reasoning/offline/hypothesis-tester';
import type { ServiceFinding } from '../../../src/reasoning/offline/service-finding';

const traffic = (ratio: number | undefined, against: Array<'baseline' | 'pre-incident'> = ['baseline', 'pre-incident']): ServiceFinding => ({
  service: 'quotes',
  family: 'traffic',
  score: 10,
  strength: 0.95,
  direction: 'up',
  signal: 'workload_ops_per_second',
  detail: '',
  evidenceIds: [],
  against,
  ...(ratio === undefined ? {} : { ratio }),
});

describe('traffic surge support', () => {
  it('takes more traffic sustained over the incident, seen against the minutes before', () => {
    expect(showsSurge(traffic(1.6))).toBe(true);
    expect(showsSurge(traffic(undefined))).toBe(true);
  });

  it('does not take a few busier samples whose median held, however large their z', () => {
    expect(showsSurge(traffic(1.02))).toBe(false);
    expect(showsSurge(traffic(1.15))).toBe(false);
  });

  it('does not take a rise seen against an old baseline only', () => {
    expect(showsSurge(traffic(2, ['baseline']))).toBe(false);
  });
});
