import { CausaError } from '../../src/core/errors';
import { answerOf, listScenarios, renderScenario } from '../../src/scenarios/scenario-catalog';
import { ScenarioAnswerSchema } from '../../src/scenarios/scenario-schema';

const REQUIRED = [
  'kafka-consumer-lag', 'oom-crashloop-large-payloads', 'deploy-regression', 'db-pool-exhaustion',
  'noisy-neighbour', 'network-delay', 'dependency-errors', 'traffic-surge',
];

describe('scenario catalog', () => {
  it('lists every built-in scenario once, with a title and a description', () => {
    const scenarios = listScenarios();
    const ids = scenarios.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(REQUIRED));
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of scenarios) {
      expect(s.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(s.title.length).toBeGreaterThan(10);
      expect(s.description.length).toBeGreaterThan(40);
    }
  });

  it('rejects an unknown id with a CausaError naming the valid ids', () => {
    expect(() => answerOf('no-such-scenario')).toThrow(CausaError);
    try {
      renderScenario('no-such-scenario');
      throw new Error('expected a CausaError');
    } catch (error) {
      expect(error).toBeInstanceOf(CausaError);
      for (const id of REQUIRED) expect((error as Error).message).toContain(id);
    }
  });

  it.each(REQUIRED)('%s: the answer is consistent with its bundle', (id) => {
    const answer = answerOf(id);
    expect(ScenarioAnswerSchema.parse(answer)).toEqual(answer);
    expect(answer.id).toBe(id);
    const { files } = renderScenario(id);
    const caseFile = JSON.parse(files['case.json']) as { alert: { labels: Record<string, string> } };
    const topology = JSON.parse(files['topology.json']) as { services: string[] };
    // The chain runs from the alerting service's symptom to the root cause.
    expect(answer.chain[0].service).toBe(caseFile.alert.labels.service);
    expect(answer.chain[answer.chain.length - 1].service).toBe(answer.rootCause.service);
    const named = [answer.rootCause.service, ...answer.chain.map((c) => c.service), ...answer.notTheCause];
    for (const service of named) expect(topology.services).toContain(service);
    expect(answer.notTheCause).not.toContain(answer.rootCause.service);
  });
});
