import { diffTemplates } from '../../../src/core/analysis/log-template-diff';

describe('diffTemplates', () => {
  const baseline = {
    'INFO OrderController#39 [getSoldTickets][Get Sold Ticket]': 200,
    'INFO ConfigController#67 [retrieve][Retrieve config]': 50,
    'INFO SeatServiceImpl#217 [getDirectProportion]': 40,
    'WARN VerifyCodeServiceImpl#114 [verifyCode][Verify code start]': 3,
  };
  const current = {
    'INFO OrderController#39 [getSoldTickets][Get Sold Ticket]': 410, // doubles with traffic
    'INFO ConfigController#67 [retrieve][Retrieve config]': 400, // 4x more than traffic explains
    'ERROR FoodServiceImpl#302 [getAllFood][Get the Get Food Request Failed!]': 35, // new
    'WARN VerifyCodeServiceImpl#114 [verifyCode][Verify code start]': 0,
    'ERROR RareThing#1 [tiny]': 2, // new but tiny
  };
  const options = { baselineTraffic: 1000, currentTraffic: 2000 };

  it('does not flag a template that merely doubles with traffic', () => {
    const changes = diffTemplates(baseline, current, options);
    expect(changes.find((c) => c.template.includes('OrderController'))).toBeUndefined();
  });

  it('flags surging, new and vanished templates, most surprising first', () => {
    const changes = diffTemplates(baseline, current, options);
    const byTemplate = new Map(changes.map((c) => [c.template.split(' ')[1], c]));
    expect(byTemplate.get('ConfigController#67')).toMatchObject({ kind: 'surging', expected: 100, currentCount: 400 });
    expect(byTemplate.get('FoodServiceImpl#302')).toMatchObject({ kind: 'new', baselineCount: 0, expected: 0 });
    expect(byTemplate.get('SeatServiceImpl#217')).toMatchObject({ kind: 'vanished', expected: 80 });
    expect(byTemplate.has('RareThing#1')).toBe(false);
    expect(byTemplate.has('VerifyCodeServiceImpl#114')).toBe(false); // below minCount in both windows
    const scores = changes.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(changes[0].template).toContain('ConfigController');
    for (const change of changes) expect(Number.isFinite(change.score)).toBe(true);
  });

  it('flags a template that stays flat while traffic doubles as dropping', () => {
    const changes = diffTemplates({ 'heartbeat ok': 300 }, { 'heartbeat ok': 150 }, options);
    expect(changes).toEqual([expect.objectContaining({ kind: 'dropping', expected: 600, currentCount: 150 })]);
  });

  it('normalises by line totals when traffic is not given, else by the count sums', () => {
    const a = { x: 100, y: 100 };
    const b = { x: 200, y: 200 };
    expect(diffTemplates(a, b)).toEqual([]);
    expect(diffTemplates(a, b, { baselineTotal: 200, currentTotal: 200 }).map((c) => c.kind)).toEqual([
      'surging',
      'surging',
    ]);
  });

  it('scores a bigger deviation higher', () => {
    const base = { t: 100 };
    const mild = diffTemplates(base, { t: 160 }, { baselineTraffic: 1, currentTraffic: 1 })[0];
    const strong = diffTemplates(base, { t: 400 }, { baselineTraffic: 1, currentTraffic: 1 })[0];
    expect(strong.score).toBeGreaterThan(mild.score);
    expect(diffTemplates(base, { t: 105 }, { baselineTraffic: 1, currentTraffic: 1 })).toEqual([]);
  });
});
