import { describeLocation, type CodeLocation } from '../../../src/core/investigation/code-location-schema';
import { renderMarkdown } from '../../../src/core/report/markdown-report';
import { toPrediction } from '../../../src/core/report/prediction-format';
import { buildReport } from '../../../src/core/report/report-builder';
import { ReportSchema, reportJsonSchema } from '../../../src/core/report/report-schema';
import { ThreadViewBuilder } from '../../../src/surfaces/thread-view/thread-view-builder';
import { hypothesisBlocks } from '../../../src/surfaces/slack/hypothesis-blocks';
import { node, referenceInput, verdict } from './report-fixtures';

const LOCATION: CodeLocation = {
  operation: 'ContactsController.get',
  statements: ['c.s.ContactsServiceImpl#31', 'c.s.ContactsServiceImpl#34', 'c.s.ContactsServiceImpl#37'],
  lastNormal: 'c.s.ContactsServiceImpl#31',
  firstChanged: 'c.s.ContactsServiceImpl#34',
  changes: [
    { statement: 'c.s.ContactsServiceImpl#34', change: 'went-silent' },
    { statement: 'c.s.ContactsServiceImpl#37', change: 'appeared' },
  ],
};

/** contacts: a located wrong-results node, explained by a deploy below it (which carries no location of its own). */
function locatedInput() {
  const input = referenceInput();
  return {
    ...input,
    hypotheses: [
      node('H9', { status: 'supported', confidence: 0.96, statement: 'contacts returns wrong results', subject: { service: 'contacts' }, kind: 'wrong-results', faultType: 'wrong-return', location: LOCATION }),
      node('H9.1', { status: 'supported', confidence: 0.96, statement: 'a deploy of contacts', subject: { service: 'contacts' }, kind: 'deploy-change', faultType: 'wrong-return' }),
      ...input.hypotheses,
    ],
    verdicts: [...input.verdicts, verdict('H9', { outcome: 'supported', confidence: 0.96, location: LOCATION })],
  };
}

describe('code location in the report', () => {
  const report = buildReport(locatedInput());

  it('puts the location on the ranking entry, inherited from the same service above a deploy', () => {
    expect(report.ranking[0]).toMatchObject({ service: 'contacts', hypothesisId: 'H9.1', location: LOCATION });
    expect(report.ranking.find((r) => r.service === 'payments-db')?.location).toBeUndefined();
    expect(report.hypotheses.find((h) => h.id === 'H9')?.location).toEqual(LOCATION);
    expect(ReportSchema.parse(report)).toEqual(report);
    const schema = JSON.stringify(reportJsonSchema());
    expect(schema).toContain('"lastNormal"');
  });

  it('writes it into the predictions as {operation, statements}', () => {
    const prediction = toPrediction(report, { id: 'c', durationMs: 1, tokens: 0, toolCalls: 1 });
    expect(prediction.ranking[0].location).toEqual({ operation: LOCATION.operation, statements: LOCATION.statements });
    expect(prediction.ranking[1]).not.toHaveProperty('location');
  });

  it('shows it in the Markdown ranking and hypothesis tree', () => {
    const markdown = renderMarkdown(report);
    expect(markdown).toMatch(/\| Code location \|/);
    expect(markdown).toContain('ContactsController.get: between c.s.ContactsServiceImpl#31 (still runs) and c.s.ContactsServiceImpl#34 (went silent); c.s.ContactsServiceImpl#37 appeared');
    expect(markdown).toMatch(/\*\*H9\*\* supported .*\(code: ContactsController\.get: between/);
  });

  it('shows it in the Slack hypothesis message, as escaped text', () => {
    const hostile: CodeLocation = { operation: '<!channel> op', statements: ['a#1'], firstChanged: 'a#1', lastNormal: null };
    const h = node('H9', { status: 'supported', confidence: 0.9, statement: 'x fails', subject: { service: 'x' }, kind: 'error-surge', faultType: 'exception' });
    const builder = new ThreadViewBuilder('inv');
    builder.apply({ investigationId: 'inv', seq: 1, at: '2024-05-14T09:30:00Z', type: 'hypothesis-proposed', hypothesis: h });
    builder.apply({ investigationId: 'inv', seq: 2, at: '2024-05-14T09:30:00Z', type: 'hypothesis-supported', verdict: verdict('H9', { outcome: 'supported', confidence: 0.9, location: hostile }) });
    const blocks = hypothesisBlocks(builder.hypothesis('H9')!, 'inv');
    const text = blocks.map((b) => (b.type === 'section' ? b.text?.text ?? '' : '')).join('\n');
    expect(text).toContain('_Where in the code:_ &lt;!channel&gt; op: from the start of the operation to a#1');
    expect(text).not.toContain('<!channel>');
  });

  it('describes a location without statements by its operation', () => {
    expect(describeLocation({ operation: 'hipstershop.CartService/GetCart', statements: [] })).toBe('hipstershop.CartService/GetCart');
  });
});
