import { buildReport } from '../../../src/core/report/report-builder';
import { toPrediction } from '../../../src/core/report/prediction-format';
import { referenceInput } from './report-fixtures';

describe('toPrediction', () => {
  const cost = { id: 'case-1', durationMs: 8400, tokens: 0, toolCalls: 4 };

  it('writes the benchmark predictions format from the ranking', () => {
    const prediction = toPrediction(buildReport(referenceInput()), cost);
    expect(prediction).toEqual({
      id: 'case-1',
      ranking: [
        { service: 'payments-db', faultType: 'disk', confidence: 0.7 },
        { service: 'checkout', faultType: 'network-delay', confidence: 0.64 },
        { service: 'payments', faultType: 'network-delay', confidence: 0.6 },
        { service: 'inventory', faultType: 'overload', confidence: 0.2 },
      ],
      abstained: false,
      durationMs: 8400,
      tokens: 0,
      toolCalls: 4,
    });
    expect(JSON.parse(JSON.stringify(prediction))).toEqual(prediction);
  });

  it('keeps the ranking visible when the report abstains', () => {
    const input = referenceInput();
    const report = buildReport({ ...input, thresholds: { ...input.thresholds, abstainBelow: 0.9 } });
    const prediction = toPrediction(report, cost);
    expect(prediction.abstained).toBe(true);
    expect(prediction.ranking[0].service).toBe('payments-db');
  });
});
