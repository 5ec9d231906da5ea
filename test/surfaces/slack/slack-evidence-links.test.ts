import type { TelemetrySource } from '../../../src/core/ports/telemetry-source';
import type { RecordedCall } from './fake-slack-api';
import { alertPost, blockText, envelope, SIGNING_SECRET, startHarness, type SlackHarness } from './slack-test-harness';
import { SlackDelivery } from './signed-request';

const ALERT_TS = '1715679770.000100';

/**
 * The scenario's source, its evidence carrying deep links as a live backend's do (Grafana Explore
 * for the query, by evidence id), plus two a backend should never give: a `javascript:` URL and a
 * URL with Slack's control characters in it.
 */
function withLinks(source: TelemetrySource): TelemetrySource {
  return new Proxy(source, {
    get(target, property, receiver) {
      if (property !== 'run') return Reflect.get(target, property, receiver);
      return async (...args: Parameters<TelemetrySource['run']>) => {
        const outcome = await target.run(...args);
        const id = outcome.evidence.id;
        const links = [
          { label: 'Grafana Explore', url: `https://grafana.example/explore?evidence=${id}` },
          { label: 'Script', url: 'javascript:alert(1)' },
          { label: 'Odd|label', url: `https://grafana.example/odd?x=<b>|${id}` },
        ];
        return { ...outcome, evidence: { ...outcome.evidence, links } };
      };
    },
  });
}

const findingMessages = (harness: SlackHarness): RecordedCall[] =>
  [...harness.fake.callsOf('chat.postMessage'), ...harness.fake.callsOf('chat.update')].filter(
    (call) => call.response.ok && Array.isArray(call.body.blocks) && (call.body.blocks as Array<{ type: string }>).some((b) => b.type === 'actions') && /Supported/.test(blockText(call)),
  );

describe('evidence deep links in a Slack thread', () => {
  it("show on each supported finding as links into the backend's UI, http(s) only and inert", async () => {
    const harness = await startHarness({ wrapSource: withLinks });
    try {
      const delivery = new SlackDelivery(`http://127.0.0.1:${harness.port}/slack/events`, SIGNING_SECRET);
      expect((await delivery.event(envelope(alertPost(harness, ALERT_TS)))).status).toBe(200);
      await harness.fake.waitFor((calls) => calls.some((call) => call.method === 'chat.postMessage'));
      await harness.service.whenIdle();
      const findings = findingMessages(harness);
      expect(findings.length).toBeGreaterThanOrEqual(1);
      for (const call of findings) {
        const text = blockText(call);
        const line = text.split('\n').find((l) => l.startsWith('_See it in:_'));
        expect(line).toBeDefined();
        const links = [...line!.matchAll(/<([^|>]+)\|([^>]*)>/g)].map(([, url, label]) => ({ url, label }));
        // At most three, each a link the evidence carried, never the javascript: one.
        expect(links.length).toBeGreaterThanOrEqual(1);
        expect(links.length).toBeLessThanOrEqual(3);
        for (const link of links) expect(link.url).toMatch(/^https:\/\/grafana\.example\//);
        expect(links.map((l) => l.label)).toContain('Grafana Explore');
        expect(text).not.toContain('javascript:');
        // Control characters of the odd URL are encoded: it stays one link, its label inert.
        const odd = links.find((l) => l.url.includes('/odd'));
        if (odd) {
          expect(odd.url).not.toMatch(/[<>|]/);
          expect(odd.label).toBe('Odd¦label');
        }
      }
    } finally {
      await harness.close();
    }
  });
});
