import {
  ServiceGraph,
  explainsByPropagation,
  rankByPropagation,
} from '../../../src/core/analysis/topology-propagation';

// A → B → C (A calls B, B calls C); D is isolated; E also calls C.
const graph = new ServiceGraph({
  services: ['A', 'B', 'C', 'D', 'E'],
  calls: [
    { from: 'A', to: 'B' },
    { from: 'B', to: 'C' },
    { from: 'E', to: 'C' },
  ],
});

describe('ServiceGraph', () => {
  it('answers neighbour and reachability queries along call direction', () => {
    expect(graph.callees('A')).toEqual(['B']);
    expect(graph.callers('C').sort()).toEqual(['B', 'E']);
    expect(graph.downstream('A').sort()).toEqual(['B', 'C']);
    expect(graph.upstream('C').sort()).toEqual(['A', 'B', 'E']);
    expect(graph.hasPath('A', 'C')).toBe(true);
    expect(graph.hasPath('C', 'A')).toBe(false);
    expect(graph.distance('A', 'C')).toBe(2);
    expect(graph.distance('A', 'A')).toBe(0);
    expect(graph.distance('C', 'A')).toBe(Infinity);
    expect(graph.callees('unknown')).toEqual([]);
  });

  it('adds services named only in calls and survives cycles', () => {
    const cyclic = new ServiceGraph({ services: [], calls: [{ from: 'x', to: 'y' }, { from: 'y', to: 'x' }] });
    expect(cyclic.services.sort()).toEqual(['x', 'y']);
    expect(cyclic.downstream('x')).toEqual(['y']);
  });
});

describe('explainsByPropagation', () => {
  it('lets a callee explain its transitive callers, never the reverse', () => {
    expect(explainsByPropagation(graph, 'C', 'A')).toBe(true);
    expect(explainsByPropagation(graph, 'C', 'B')).toBe(true);
    expect(explainsByPropagation(graph, 'A', 'C')).toBe(false);
    expect(explainsByPropagation(graph, 'B', 'E')).toBe(false);
    expect(explainsByPropagation(graph, 'D', 'D')).toBe(true);
  });
});

describe('rankByPropagation', () => {
  it('ranks the deepest anomalous callee first and demotes the callers it explains', () => {
    // A has the biggest raw score (the entry point suffers most), yet C explains A and B.
    const ranking = rankByPropagation(graph, new Map([['A', 12], ['B', 9], ['C', 7], ['D', 1], ['E', 0]]));
    expect(ranking.map((r) => r.service)).toEqual(['C', 'B', 'A']);
    expect(ranking[0].explains.sort()).toEqual(['A', 'B']);
    expect(ranking[0].explainedBy).toEqual([]);
    expect(ranking[1].explainedBy).toEqual(['C']);
    expect(ranking[0].score).toBeGreaterThan(ranking[1].score);
    expect(ranking[1].score).toBeLessThan(9);
    expect(ranking[2].score).toBeLessThan(12);
  });

  it('does not demote a caller whose anomaly dwarfs the callee anomaly', () => {
    const ranking = rankByPropagation(graph, new Map([['A', 40], ['C', 4]]));
    expect(ranking[0].service).toBe('A');
    expect(ranking[0].explainedBy).toEqual([]);
  });

  it('ranks services without edges by their own score', () => {
    const ranking = rankByPropagation(graph, new Map([['D', 5], ['X', 8], ['C', 0.5]]));
    expect(ranking).toEqual([
      { service: 'X', score: 8, explains: [], explainedBy: [] },
      { service: 'D', score: 5, explains: [], explainedBy: [] },
    ]);
  });

  it('honours the anomaly threshold', () => {
    const scores = new Map([['A', 2], ['B', 2.5]]);
    expect(rankByPropagation(graph, scores)).toEqual([]);
    expect(rankByPropagation(graph, scores, { anomalyThreshold: 1 }).map((r) => r.service)).toEqual(['B', 'A']);
  });
});
