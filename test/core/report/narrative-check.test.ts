import { checkNarrative } from '../../../src/core/report/narrative-check';
import type { NarrativeSentence, Report } from '../../../src/core/report/report-schema';

const report = {
  hypotheses: [
    { id: 'H1', status: 'supported', subject: { service: 'kafka-broker' } },
    { id: 'H2', status: 'refuted', subject: { service: 'checkout-api' } },
  ],
  evidence: [
    { id: 'E1', status: 'ok', hypothesisIds: ['H1'] },
    { id: 'E2', status: 'ok', hypothesisIds: ['H2'] },
    { id: 'E3', status: 'error', hypothesisIds: ['H1'] },
  ],
} as unknown as Report;

const sentence = (overrides: Partial<NarrativeSentence>): NarrativeSentence => ({ text: 'kafka-broker commit latency rose first (H1).', stance: 'cause', hypothesisIds: ['H1'], evidenceIds: ['E1'], ...overrides });

describe('checkNarrative', () => {
  it('keeps sentences whose stance and citations agree with the verdicts', () => {
    const kept = [sentence({}), sentence({ text: 'checkout-api errors were loud but upstream (H2).', stance: 'ruled-out', hypothesisIds: ['H2'], evidenceIds: ['E2'] })];
    expect(checkNarrative(report, kept)).toEqual({ kept, rejected: [] });
  });

  it.each([
    ['a refuted hypothesis presented as the cause', sentence({ text: 'checkout-api caused it (H2)', hypothesisIds: ['H2'], evidenceIds: ['E2'] }), /did not support/],
    ['a supported hypothesis ruled out', sentence({ stance: 'ruled-out' }), /not refuted or vetoed/],
    ['a cause worded as a denial', sentence({ text: 'kafka-broker is fine (H1).' }), /denies/],
    ['no hypothesis', sentence({ hypothesisIds: [] }), /no hypothesis/],
    ['an unknown hypothesis', sentence({ hypothesisIds: ['H9'] }), /does not have/],
    ['failed evidence only', sentence({ evidenceIds: ['E3'] }), /no successful evidence/],
    ['evidence of another hypothesis', sentence({ evidenceIds: ['E2'] }), /no successful evidence/],
    ['wording that names nothing it cites', sentence({ text: 'The database is the problem.' }), /names neither/],
  ])('drops %s', (_what, candidate, reason) => {
    const { kept, rejected } = checkNarrative(report, [candidate]);
    expect(kept).toEqual([]);
    expect(rejected[0].reason).toMatch(reason);
  });
});
