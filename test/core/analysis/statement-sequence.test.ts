import { findDivergence } from '../../../src/core/analysis/statement-sequence';

const times = <T>(n: number, value: T): T[] => Array.from({ length: n }, () => value);

describe('findDivergence', () => {
  it('places an exception between the last statement that ran and the first that stopped', () => {
    const reference = times(10, ['C#10', 'S#20', 'S#30', 'S#40']);
    const incident = times(12, ['C#10', 'S#20']);
    const bend = findDivergence({ reference, incident, anchor: 'S#40', anchorChange: 'went-silent', silenced: new Set(['S#30', 'S#40']) });
    expect(bend).toEqual({ lastNormal: 'S#20', firstChanged: 'S#30', firstChangedKind: 'went-silent', appeared: [] });
  });

  it('starts the region at the operation when its first statement stopped', () => {
    const bend = findDivergence({ reference: times(5, ['R#53']), incident: [], anchor: 'R#53', anchorChange: 'went-silent', silenced: new Set(['R#53']) });
    expect(bend.lastNormal).toBeNull();
    expect(bend.firstChanged).toBe('R#53');
  });

  it('traces a new error line back to the normal statement it replaced (a wrong value caught further on)', () => {
    // Normal: 31 → 34. With the fault, 34 never comes and the check at 37 reports the bad value.
    const reference = times(3, ['C#83', 'S#31', 'S#34']);
    const incident = [...times(4, ['C#83', 'S#31', 'S#34']), ...times(9, ['C#83', 'S#31', 'S#37'])];
    const bend = findDivergence({ reference, incident, anchor: 'S#37', anchorChange: 'appeared', silenced: new Set() });
    expect(bend).toEqual({ lastNormal: 'S#31', firstChanged: 'S#34', firstChangedKind: 'dropped', appeared: ['S#37'] });
  });

  it('keeps an inserted error line as the change when the normal path still continues after it', () => {
    const reference = times(6, ['S#90', 'S#100', 'S#119']);
    const incident = [...times(6, ['S#90', 'S#100', 'S#119']), ...times(3, ['S#90', 'S#100', 'S#111', 'S#119'])];
    const bend = findDivergence({ reference, incident, anchor: 'S#111', anchorChange: 'appeared', silenced: new Set() });
    expect(bend).toEqual({ lastNormal: 'S#100', firstChanged: 'S#111', firstChangedKind: 'appeared', appeared: [] });
  });

  it('follows loops: the statement just before the silenced one in each execution', () => {
    const loop = ['T#548', 'T#558', 'T#451', 'T#457'];
    const reference = times(5, ['C#122', ...loop, ...loop]);
    const incident = times(5, ['C#122', 'T#548', 'T#558', 'T#451']);
    const bend = findDivergence({ reference, incident, anchor: 'T#457', anchorChange: 'went-silent', silenced: new Set(['T#457']) });
    expect([bend.lastNormal, bend.firstChanged]).toEqual(['T#451', 'T#457']);
  });
});
