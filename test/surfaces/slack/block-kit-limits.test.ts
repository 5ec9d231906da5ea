import { chunkBlocks, MAX_SECTION_TEXT, sectionBlocks, splitText } from '../../../src/surfaces/slack/block-kit-limits';
import { hypothesisBlocks } from '../../../src/surfaces/slack/hypothesis-blocks';
import type { Evidence } from '../../../src/core/investigation/evidence-schema';
import { ThreadViewBuilder } from '../../../src/surfaces/thread-view/thread-view-builder';

describe('Block Kit limits', () => {
  it('splits long text at line breaks into pieces of at most 3,000 characters, losing no line', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `• E${i} metric_range on bundle: median ${i * 3.5} vs ${i} normal, robust z ${i / 7}`);
    const pieces = splitText(lines.join('\n'));
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    expect(pieces.join('\n')).toBe(lines.join('\n'));
  });

  it('splits a single overlong line at spaces, keeping every word', () => {
    const words = Array.from({ length: 2000 }, (_, i) => `word${i}`);
    const pieces = splitText(words.join(' '));
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    expect(pieces.join(' ').split(' ')).toEqual(words);
  });

  it('groups blocks into messages of at most 50', () => {
    const blocks = sectionBlocks('x\n'.repeat(10).trim());
    expect(blocks).toHaveLength(1);
    const many = Array.from({ length: 120 }, () => blocks[0]);
    expect(chunkBlocks(many).map((chunk) => chunk.length)).toEqual([50, 50, 20]);
  });

  it('shows every piece of key evidence of a verdict, split over several blocks when needed', () => {
    const evidence = new Map<string, Evidence>();
    const ids: string[] = [];
    for (let i = 1; i <= 60; i++) {
      const id = `E${i}`;
      ids.push(id);
      evidence.set(id, {
        id, sourceId: 'bundle', queryName: 'metric_range', queryText: 'q', parameters: {}, timeRange: { start: '2024-05-14T09:00:00Z', end: '2024-05-14T09:30:00Z' },
        status: 'ok', digest: {}, summary: `series ${i} `.repeat(20), elapsedMs: 1, collectedAt: '2024-05-14T09:30:00Z',
      });
    }
    const builder = new ThreadViewBuilder('inv-1');
    const base = { investigationId: 'inv-1', at: '2024-05-14T09:30:00Z' };
    builder.apply({
      ...base, seq: 1, type: 'hypothesis-proposed',
      hypothesis: { id: 'H1', parentId: null, statement: 'kafka-broker commit latency rose', kind: 'broker-commit-latency', subject: { service: 'kafka-broker' }, faultType: 'disk', status: 'supported', priority: 1, depth: 1, evidenceIds: ids, children: [], rationale: '' },
    });
    for (const [index, item] of [...evidence.values()].entries()) builder.apply({ ...base, seq: index + 2, type: 'query-finished', hypothesisId: 'H1', evidence: item });
    builder.apply({
      ...base, seq: 100, type: 'hypothesis-supported',
      verdict: { hypothesisId: 'H1', outcome: 'supported', factors: { anomaly: 1, precedence: 1, topology: 1, coverage: 1, specificity: 1 }, confidence: 0.97, finding: 'commit latency 0.8 s vs 0.006 s', evidenceIds: ids },
    });
    const blocks = hypothesisBlocks(builder.hypothesis('H1')!, 'inv-1');
    const text = blocks.map((block) => (block.type === 'section' ? block.text?.text ?? '' : '')).join('\n');
    for (const id of ids) expect(text).toContain(`*${id}*`);
    for (const block of blocks) if (block.type === 'section') expect(block.text!.text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    expect(blocks.filter((block) => block.type === 'section').length).toBeGreaterThan(2);
  });
});
