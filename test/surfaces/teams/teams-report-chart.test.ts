import { randomBytes } from 'node:crypto';
import { reportCard } from '../../../src/surfaces/teams/report-card';
import { RcaViewSchema } from '../../../src/surfaces/thread-view/rca-view';
import { attachmentsOf, cardOf, cardText, channelMessage, startTeamsHarness } from './teams-test-harness';

const view = RcaViewSchema.parse({
  investigationId: 'inv-1', alertTitle: 'CheckoutLatencyHigh', abstained: false, confidence: 0.9, bestLead: null, summary: 'payments is slow', narrative: [],
  causalChain: [], rejected: [], decisions: [], openQuestions: [], dataGaps: [], queries: 3, stopReason: 'done', model: null, contentHash: 'sha256:0123456789abcdef0123',
  alertLinks: [], reportFile: 'causa-rca-inv-1.md',
});

describe("the root cause's chart in the Teams RCA card", () => {
  it('is an inline PNG data URI after the summary, its alt text the chart title', () => {
    const card = reportCard(view, undefined, { chart: { png: Buffer.from('89504e47', 'hex'), title: 'Root cause H1: CPU usage of payments against normal' } });
    const body = card.body as Array<Record<string, unknown>>;
    const index = body.findIndex((element) => element.type === 'Image');
    expect(index).toBe(3);
    expect(body[index]).toEqual({ type: 'Image', url: 'data:image/png;base64,iVBORw==', altText: 'Root cause H1: CPU usage of payments against normal', size: 'Stretch' });
    expect((reportCard(view).body as Array<Record<string, unknown>>).some((element) => element.type === 'Image')).toBe(false);
  });

  it('is left out of a card that would grow past what Teams accepts, and the RCA is posted without it', async () => {
    // A chart far over the ~28 KB a Teams bot message may carry.
    const harness = await startTeamsHarness({ charts: async () => [{ kind: 'cause', hypothesisId: 'H1', fileName: 'big.png', title: 'Root cause H1: big', png: randomBytes(40_000), width: 640, height: 240 }] });
    try {
      const mention = channelMessage(harness.fake, { mention: true, text: `investigate ${harness.alertText.title}\n${harness.alertText.body}` });
      expect((await harness.fake.deliver(harness.botUrl, mention)).status).toBe(200);
      await harness.service.whenIdle();
      const deadline = Date.now() + 30_000;
      while (!harness.fake.posted().some((call) => cardText(cardOf(call)).includes('RCA:')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      const rca = harness.fake.posted().find((call) => cardText(cardOf(call)).includes('RCA:'))!;
      expect(rca).toBeDefined();
      expect((cardOf(rca)?.body as Array<Record<string, unknown>>).some((element) => element.type === 'Image')).toBe(false);
      expect(Buffer.byteLength(JSON.stringify(attachmentsOf(rca)), 'utf8')).toBeLessThan(28_000);
    } finally {
      await harness.close();
    }
  });
});
