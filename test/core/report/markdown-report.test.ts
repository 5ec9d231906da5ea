import { renderMarkdown } from '../../../src/core/report/markdown-report';
import { buildReport } from '../../../src/core/report/report-builder';
import { LOGQL, PROMQL, evidence, referenceInput } from './report-fixtures';

/** Cells of a table row, splitting on pipes that are not escaped. */
function cells(row: string): string[] {
  return row.trim().slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());
}

describe('renderMarkdown', () => {
  const report = buildReport(referenceInput());
  const markdown = renderMarkdown(report);

  it('titles the document with the alert and states the conclusion', () => {
    expect(markdown.startsWith('# Root-cause analysis: High p99 latency on frontend\n')).toBe(true);
    expect(markdown).toContain(report.summary);
    expect(markdown).toContain('root cause identified, confidence 70%');
  });

  it('shows the causal chain as a numbered list from the symptom', () => {
    const chain = markdown.split('## Causal chain\n\n')[1].split('\n\n')[0].split('\n');
    expect(chain).toHaveLength(4);
    expect(chain[0]).toMatch(/^1\. \*\*Symptom\*\* frontend/);
    expect(chain[3]).toMatch(/^4\. \*\*H1\.2\.1 \(supported, 70%\)\*\* payments-db: payments-db disk I\/O is saturated/);
  });

  it('shows in the hypothesis tree what each confidence was computed from', () => {
    const line = markdown.split('\n').find((l) => l.includes('**H1**'));
    expect(line).toMatch(/supported \(80%; anomaly 0\.50 · timing 0\.50 · topology 0\.50 · specificity 0\.50 · coverage 1\.00\)/);
  });

  it('ranks services in a table', () => {
    const row = markdown.split('\n').find((l) => l.startsWith('| 1 |'));
    expect(row && cells(row).slice(0, 4)).toEqual(['1', 'payments-db', 'disk', '70%']);
  });

  it('puts every query in the evidence table in backticks and escapes its pipes', () => {
    expect(markdown).toContain(`\`${PROMQL}\``);
    const row = markdown.split('\n').find((l) => l.startsWith('| E2 |'));
    expect(row).toBeDefined();
    expect(cells(row as string)).toHaveLength(7);
    expect(row).toContain('`{app="payments-db"} \\|= "slow query" \\| json \\| duration > 2s`');
    for (const id of ['E1', 'E2', 'E3', 'E4']) expect(markdown).toContain(`| ${id} |`);
  });

  it('keeps the exact query text, byte for byte, in a reproduce block', () => {
    expect(markdown).toContain(`\`\`\`\n${LOGQL}\n\`\`\``);
    const multiline = 'sum by (pod) (\n  rate(x[5m])\n)';
    const md = renderMarkdown(
      buildReport(referenceInput({ evidence: [{ evidence: evidence('E1', { queryText: multiline }), hypothesisId: 'H1' }] })),
    );
    expect(md).toContain(`\`\`\`\n${multiline}\n\`\`\``);
  });

  it('escapes pipes in any table cell, e.g. a note', () => {
    const row = markdown.split('\n').find((l) => l.startsWith('| 2024-05-01T10:41:00Z |'));
    expect(row).toContain('payments-db had a \\| noisy neighbour last week');
    expect(cells(row as string)).toHaveLength(6);
  });

  it('lists rejected hypotheses with reasons, decisions, budget, open questions and gaps', () => {
    expect(markdown).toContain('**H2** (refuted) a deploy of frontend broke it: no deploy in the window');
    expect(markdown).toContain('**H3** (vetoed) cache errors surge: vetoed by alice');
    expect(markdown).toMatch(/\| Queries \| 4 \| 400 \|/);
    expect(markdown).toContain('Stopped because: hypothesis budget exhausted');
    expect(markdown).toContain('- Does "inventory traffic surged" hold (H4)?');
    expect(markdown).toContain('- E4 trace_search (tempo) failed (HTTP 503 from tempo)');
  });

  it('never truncates evidence, however much there is', () => {
    const many = Array.from({ length: 120 }, (_, i) => ({
      evidence: evidence(`E${i + 1}`, { queryText: `up{instance="node-${i + 1}"}` }),
      hypothesisId: 'H1',
    }));
    const md = renderMarkdown(buildReport(referenceInput({ evidence: many })));
    for (let i = 1; i <= 120; i += 1) expect(md).toContain(`\`up{instance="node-${i}"}\``);
  });

  it('says when it abstains and names the lead', () => {
    const input = referenceInput();
    const md = renderMarkdown(buildReport({ ...input, thresholds: { ...input.thresholds, abstainBelow: 0.8 } }));
    expect(md).toContain('abstained: the evidence is insufficient. Best lead: payments-db');
  });

  it('ends with the content hash', () => {
    expect(markdown.trimEnd().endsWith(`\`${report.contentHash}\``)).toBe(true);
  });
});
