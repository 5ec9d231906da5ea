import { labelStatements, matchesCodeRegion } from '../../src/evaluation/code-region';
import type { Answer, Prediction } from '../../src/evaluation/prediction-schema';
import { renderScoreTable, scoreCase, scoreTable } from '../../src/evaluation/scoring';

const answer = (service: string, faultType: string, indicator?: string): Answer => ({ id: 'c', rootCause: { service, faultType, ...(indicator ? { indicator } : {}) } });
const prediction = (ranking: Prediction['ranking'], abstained = false): Prediction => ({ id: 'c', ranking, abstained, durationMs: 1000, tokens: 0, toolCalls: 0 });

describe('code-region labels', () => {
  it('reads the statements a label names, and nothing from a metric indicator', () => {
    expect(labelStatements('t.s.TravelServiceImpl#366_t.s.TravelServiceImpl#372')).toEqual(['t.s.TravelServiceImpl#366', 't.s.TravelServiceImpl#372']);
    expect(labelStatements('PriceController.query start_p.c.PriceController#46')).toEqual(['PriceController.query start', 'p.c.PriceController#46']);
    expect(labelStatements('CpuUsageRate(%)')).toBeUndefined();
    expect(labelStatements(undefined)).toBeUndefined();
  });

  it('matches a named statement, or one of the same logger between the two lines', () => {
    const label = ['c.s.ContactsServiceImpl#31', 'c.s.ContactsServiceImpl#34'];
    expect(matchesCodeRegion(label, ['c.s.ContactsServiceImpl#34'])).toBe(true);
    expect(matchesCodeRegion(label, ['c.s.ContactsServiceImpl#33'])).toBe(true);
    expect(matchesCodeRegion(label, ['ERROR c.s.ContactsServiceImpl#32 <trace-ref> [no contacts]'])).toBe(true);
    expect(matchesCodeRegion(label, ['c.s.ContactsServiceImpl#37'])).toBe(false);
    expect(matchesCodeRegion(label, ['c.s.OtherServiceImpl#33'])).toBe(false);
    expect(matchesCodeRegion(['RouteController.queryByIds start', 'r.c.RouteController#53'], ['r.c.RouteController#52'])).toBe(false);
    expect(matchesCodeRegion(['RouteController.queryByIds start', 'r.c.RouteController#53'], ['r.c.RouteController#53'])).toBe(true);
  });
});

describe('scoreCase', () => {
  const region = answer('ts-contacts-service', 'wrong-return', 'c.s.ContactsServiceImpl#31_c.s.ContactsServiceImpl#34');
  const located = (statements: string[]) => ({ operation: 'ContactsController.get', statements });

  it('scores code-region@1 on the top entry only, and fine-grained as code region for those cases', () => {
    const hit = scoreCase('tt', region, prediction([{ service: 'ts-contacts-service', faultType: 'exception', confidence: 0.9, location: located(['c.s.ContactsServiceImpl#31', 'c.s.ContactsServiceImpl#34']) }]));
    expect(hit).toMatchObject({ codeRegionCase: true, codeRegionHit: true, fineGrainedHit: true, faultTypeHit: false });
    const outside = scoreCase('tt', region, prediction([{ service: 'ts-contacts-service', faultType: 'wrong-return', confidence: 0.9, location: located(['c.s.ContactsServiceImpl#37']) }]));
    expect(outside).toMatchObject({ codeRegionHit: false, fineGrainedHit: false, faultTypeHit: true });
    const second = scoreCase('tt', region, prediction([
      { service: 'ts-order-service', faultType: 'exception', confidence: 0.9 },
      { service: 'ts-contacts-service', faultType: 'wrong-return', confidence: 0.8, location: located(['c.s.ContactsServiceImpl#34']) },
    ]));
    expect(second).toMatchObject({ rank: 2, codeRegionHit: false });
    const abstained = scoreCase('tt', region, prediction([{ service: 'ts-contacts-service', faultType: 'wrong-return', confidence: 0.3, location: located(['c.s.ContactsServiceImpl#34']) }], true));
    expect(abstained).toMatchObject({ codeRegionHit: false, fineGrainedHit: false });
  });

  it('uses the fault type as the fine-grained level of cases without a code region', () => {
    const cpu = scoreCase('tt', answer('ts-travel-service', 'cpu', 'CpuUsageRate(%)'), prediction([{ service: 'ts-travel-service', faultType: 'cpu', confidence: 0.9 }]));
    expect(cpu).toMatchObject({ codeRegionCase: false, codeRegionHit: false, fineGrainedHit: true });
  });

  it('prints code-region@1 over the code-region cases and fine-grained@1 over all', () => {
    const scores = [
      scoreCase('tt', region, prediction([{ service: 'ts-contacts-service', faultType: 'wrong-return', confidence: 0.9, location: located(['c.s.ContactsServiceImpl#34']) }])),
      scoreCase('tt', region, prediction([{ service: 'ts-contacts-service', faultType: 'wrong-return', confidence: 0.9 }])),
      scoreCase('tt', answer('ts-travel-service', 'cpu'), prediction([{ service: 'ts-travel-service', faultType: 'cpu', confidence: 0.9 }])),
      scoreCase('ps', answer('db', 'memory'), prediction([{ service: 'db', faultType: 'cpu', confidence: 0.9 }])),
    ];
    const groups = scoreTable(scores);
    expect(groups.find((g) => g.system === 'tt')).toMatchObject({ codeRegionCases: 2, codeRegion1: 0.5, fineGrained1: 2 / 3 });
    expect(groups.find((g) => g.system === 'ps')).toMatchObject({ codeRegionCases: 0, codeRegion1: null, fineGrained1: 0 });
    const table = renderScoreTable(groups, 100);
    expect(table).toMatch(/code-region@1 \| fine-grained@1/);
    expect(table).toMatch(/\| tt \| 3 \| 1\.000 \| 1\.000 \| 1\.000 \| 1\.000 \| 1\.000 \| 0\.500 \(2\) \| 0\.667 \|/);
    expect(table).toMatch(/\| ps \| 1 \| 1\.000 \| 1\.000 \| 1\.000 \| 1\.000 \| 0\.000 \| — \| 0\.000 \|/);
  });
});
