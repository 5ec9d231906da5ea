import { CarriedDecisionQueue, decisionsToCarry } from '../../../src/core/investigation/carried-decisions';
import type { InvestigationEvent } from '../../../src/core/investigation/investigation-events';
import type { Hypothesis } from '../../../src/core/investigation/hypothesis-schema';

const base = { investigationId: 'inv-1', at: '2024-01-01T00:00:00Z' };
const who = { by: 'UOPS', at: '2024-01-01T00:01:00Z' };

function hypothesis(id: string, service: string): Hypothesis {
  return { id, service, kind: 'resource-saturation', subject: { service } } as unknown as Hypothesis;
}

describe('carried decisions', () => {
  const events = [
    { ...base, seq: 1, type: 'investigation-started' },
    { ...base, seq: 2, type: 'hypothesis-proposed', hypothesis: hypothesis('H1', 'db') },
    { ...base, seq: 3, type: 'hypothesis-proposed', hypothesis: hypothesis('H2', 'api') },
    { ...base, seq: 4, type: 'steering-applied', command: { type: 'veto', hypothesisId: 'H1', ...who }, effect: 'vetoed H1' },
    { ...base, seq: 5, type: 'steering-applied', command: { type: 'note', text: 'look at the cache', ...who }, effect: 'noted' },
    { ...base, seq: 6, type: 'steering-applied', command: { type: 'stop', ...who }, effect: 'stopped' },
  ] as unknown as InvestigationEvent[];

  it('keeps every decision but stop, each 👍/👎 with the cause it named', () => {
    const carried = decisionsToCarry(events);
    expect(carried.map((d) => d.command.type)).toEqual(['veto', 'note']);
    expect(carried[0].hypothesis?.subject.service).toBe('db');
  });

  it('applies a carried veto to the same cause under its new id, once it is proposed again', () => {
    const queue = new CarriedDecisionQueue(decisionsToCarry(events));
    expect(queue.take().map((c) => c.type)).toEqual(['note']);
    queue.proposed(hypothesis('H1', 'api'));
    expect(queue.take()).toEqual([]);
    queue.proposed(hypothesis('H7', 'db'));
    expect(queue.take()).toEqual([expect.objectContaining({ type: 'veto', hypothesisId: 'H7', by: 'UOPS' })]);
    queue.proposed(hypothesis('H9', 'db'));
    expect(queue.take()).toEqual([]);
  });
});
