import type { RecordedCall } from './fake-slack-api';
import { pngSize } from '../../../src/charts/png-encoder';
import { alertPost, envelope, SIGNING_SECRET, startHarness, type SlackHarness } from './slack-test-harness';
import { SlackDelivery } from './signed-request';

const ALERT_TS = '1715679770.000100';
/** A scenario whose findings name metrics (so they get charts). */
const SCENARIO = 'noisy-neighbour';

type Block = { type: string; slack_file?: { id: string } };
const images = (call: RecordedCall): string[] => (Array.isArray(call.body.blocks) ? (call.body.blocks as Block[]) : []).filter((b) => b.type === 'image').map((b) => b.slack_file!.id);
const findingPosts = (harness: SlackHarness) =>
  harness.fake.callsOf('chat.postMessage').filter((call) => call.response.ok && call.body.reply_broadcast !== 'true' && Array.isArray(call.body.blocks) && (call.body.blocks as Block[]).some((b) => b.type === 'actions'));
const unsharedCompletes = (harness: SlackHarness) => harness.fake.callsOf('files.completeUploadExternal').filter((call) => call.body.thread_ts === undefined);

async function investigate(harness: SlackHarness): Promise<void> {
  const delivery = new SlackDelivery(`http://127.0.0.1:${harness.port}/slack/events`, SIGNING_SECRET);
  expect((await delivery.event(envelope(alertPost(harness, ALERT_TS)))).status).toBe(200);
  await harness.fake.waitFor((calls) => calls.some((call) => call.method === 'chat.postMessage'));
  await harness.service.whenIdle();
  await harness.fake.waitFor((calls) => calls.some((call) => call.method === 'chat.postMessage' && call.body.reply_broadcast === 'true' && call.response.ok), 30_000);
}

describe("a supported finding's chart in Slack", () => {
  it('is a 640×240 PNG titled after its hypothesis, uploaded without a message and shown in the finding', async () => {
    const harness = await startHarness({ scenario: SCENARIO });
    try {
      await investigate(harness);
      const shown = findingPosts(harness).flatMap(images);
      expect(shown.length).toBeGreaterThanOrEqual(1);
      const unshared = unsharedCompletes(harness).flatMap((call) => call.body.files as Array<{ id: string; title: string }>);
      for (const id of shown) {
        const file = unshared.find((f) => f.id === id)!;
        expect(file.title).toMatch(/^H[\d.]+: /);
        expect(pngSize(harness.fake.callsOf('upload').find((call) => call.body.fileId === id)!.body.bytes)).toEqual({ width: 640, height: 240 });
      }
    } finally {
      await harness.close();
    }
  });

  it('is left out, and the finding still posted, when Slack refuses the upload', async () => {
    const harness = await startHarness({ scenario: SCENARIO });
    try {
      harness.fake.failAlways('files.completeUploadExternal', 'internal_error');
      await investigate(harness);
      const findings = findingPosts(harness);
      expect(findings.length).toBeGreaterThanOrEqual(1);
      expect(findings.flatMap(images)).toEqual([]);
    } finally {
      await harness.close();
    }
  });

  it('is dropped from a finding whose message Slack refuses with the image, and the finding goes out without it', async () => {
    const harness = await startHarness({ scenario: SCENARIO });
    try {
      harness.fake.refuseImageBlocks = true;
      await investigate(harness);
      const refused = harness.fake.callsOf('chat.postMessage').filter((call) => !call.response.ok && call.body.reply_broadcast !== 'true');
      expect(refused.length).toBeGreaterThanOrEqual(1);
      const findings = findingPosts(harness);
      expect(findings.length).toBeGreaterThanOrEqual(1);
      expect(findings.flatMap(images)).toEqual([]);
      // Each refused finding went out once, without its chart.
      for (const call of refused) expect(findings.filter((f) => f.body.metadata?.event_payload?.purpose === call.body.metadata?.event_payload?.purpose)).toHaveLength(1);
      expect(harness.logs.join('')).toContain('a finding with its chart was refused');
    } finally {
      await harness.close();
    }
  });
});
