import { ServiceGraph } from '../../../src/core/analysis/topology-propagation';
import { explainsThroughTopology } from '../../../src/core/investigation/cause-explanation';
import type { HypothesisKind } from '../../../src/core/investigation/hypothesis-schema';
import { node } from '../report/report-fixtures';

// web calls trips; trips calls stations.
const graph = new ServiceGraph({ services: ['web', 'trips', 'stations'], calls: [{ from: 'web', to: 'trips' }, { from: 'trips', to: 'stations' }] });
const at = (service: string, kind: HypothesisKind, id = 'H1') => node(id, { status: 'supported', kind, subject: { service } });

describe('explainsThroughTopology', () => {
  it('lets a callee’s trouble explain its caller’s symptoms, not the other way round', () => {
    expect(explainsThroughTopology(graph, at('stations', 'error-surge'), at('trips', 'error-surge', 'H2'))).toBe(true);
    expect(explainsThroughTopology(graph, at('stations', 'latency-injection'), at('web', 'latency-injection', 'H2'))).toBe(true);
    expect(explainsThroughTopology(graph, at('web', 'error-surge'), at('trips', 'error-surge', 'H2'))).toBe(false);
  });

  it('never explains a caller’s own saturation or changes', () => {
    expect(explainsThroughTopology(graph, at('stations', 'latency-injection'), at('trips', 'cpu-saturation', 'H2'))).toBe(false);
    expect(explainsThroughTopology(graph, at('stations', 'error-surge'), at('trips', 'deploy-change', 'H2'))).toBe(false);
  });

  it('does not let a callee that only got slower explain its caller’s failures', () => {
    // trips stopped writing a line (an exception cut the operation short); stations is merely slower.
    expect(explainsThroughTopology(graph, at('stations', 'latency-injection'), at('trips', 'error-surge', 'H2'))).toBe(false);
    expect(explainsThroughTopology(graph, at('stations', 'cpu-saturation'), at('trips', 'wrong-results', 'H2'))).toBe(false);
    // A failing callee does explain them.
    expect(explainsThroughTopology(graph, at('stations', 'downstream-errors'), at('trips', 'error-surge', 'H2'))).toBe(true);
  });
});
