import { reportBlocks } from '../../../src/surfaces/slack/report-blocks';
import { uploadedFiles } from '../../../src/surfaces/slack/scheduled-slack-client';
import { RcaViewSchema, type RcaView } from '../../../src/surfaces/thread-view/rca-view';

function view(extra: Partial<RcaView> = {}): RcaView {
  return RcaViewSchema.parse({
    investigationId: 'inv-1', alertTitle: 'CheckoutLatencyHigh', abstained: false, confidence: 0.9, bestLead: null, summary: 'payments is slow', narrative: [],
    causalChain: [], rejected: [], decisions: [], openQuestions: [], dataGaps: [], queries: 3, stopReason: 'done', model: null, contentHash: 'sha256:0123456789abcdef0123',
    alertLinks: [], reportFile: 'causa-rca-inv-1.md', ...extra,
  });
}

const footer = (rca: RcaView): string => JSON.stringify(reportBlocks(rca).at(-1));

describe('the RCA names its attached report', () => {
  it("links the file name to the file when Slack answered the upload with the file's permalink", () => {
    const text = footer(view({ reportLink: 'https://acme.slack.com/files/UCAUSA/F1/causa-rca-inv-1.md' }));
    expect(text).toContain('attached in this thread as <https://acme.slack.com/files/UCAUSA/F1/causa-rca-inv-1.md|`causa-rca-inv-1.md`>');
  });

  it('names the file without a link when there is no permalink', () => {
    expect(footer(view())).toContain('attached in this thread as `causa-rca-inv-1.md`');
  });

  it('keeps only https permalinks without Slack control characters from an upload answer', () => {
    const files = uploadedFiles({
      files: [{ files: [
        { id: 'F1', title: 'report', permalink: 'https://acme.slack.com/files/U/F1/r.md' },
        { id: 'F2', title: 'chart', permalink: 'https://evil.example/x|click here' },
        { id: 'F3', permalink: 'javascript:alert(1)' },
        { id: 'F4' },
      ] }],
    });
    expect(files).toEqual([
      { id: 'F1', title: 'report', permalink: 'https://acme.slack.com/files/U/F1/r.md' },
      { id: 'F2', title: 'chart' },
      { id: 'F3' },
      { id: 'F4' },
    ]);
  });
});
