import { ReportSchema } from '../../../src/core/report/report-schema';
import {
  alertPost,
  CHANNEL,
  envelope,
  hypothesisMessageTs,
  SIGNING_SECRET,
  startHarness,
  type SlackHarness,
} from './slack-test-harness';
import { SlackDelivery } from './signed-request';

const ALERT_TS = '1715679770.000100';

function statusPosts(harness: SlackHarness) {
  return harness.fake.callsOf('chat.postMessage').filter((call) => String(call.body.text).startsWith('Causa is investigating'));
}

async function onlyReport(harness: SlackHarness) {
  const investigationId = /investigation `([^`]+)`/.exec(JSON.stringify(statusPosts(harness)[0].body.blocks))![1];
  return ReportSchema.parse((await harness.store.get(investigationId))?.report);
}

describe('Slack mentions, replies, buttons and /causa', () => {
  let harness: SlackHarness;
  let delivery: SlackDelivery;

  beforeEach(async () => {
    harness = await startHarness({ slack: { threadLayout: 'verbose' } });
    delivery = new SlackDelivery(`http://127.0.0.1:${harness.port}/slack/events`, SIGNING_SECRET);
  });

  afterEach(async () => {
    await harness.close();
  });

  it('a mention in an alert thread investigates the thread’s alert; a `stop` reply stops it', async () => {
    // The alert was posted by a bot Causa does not auto-trigger on; a person asks in its thread.
    harness.fake.setThread(CHANNEL, ALERT_TS, [{ ...alertPost(harness, ALERT_TS), bot_id: 'BOTHER' }]);
    harness.service.subscribe(async (event) => {
      if (event.type !== 'hypothesis-proposed' || event.hypothesis.id !== 'H1') return;
      await delivery.event(envelope({ type: 'message', user: 'UOPS', text: 'stop', channel: CHANNEL, ts: '1715679790.000100', thread_ts: ALERT_TS }));
      await harness.store.waitForSteering(1);
    });
    const mention = { type: 'app_mention', user: 'UOPS', text: '<@UCAUSA> investigate', channel: CHANNEL, ts: '1715679780.000100', thread_ts: ALERT_TS, event_ts: '1715679780.000100' };
    expect((await delivery.event(envelope(mention))).status).toBe(200);
    await harness.fake.waitFor(() => statusPosts(harness).length === 1);
    await harness.service.whenIdle();

    expect(harness.fake.callsOf('conversations.replies')[0].body).toMatchObject({ channel: CHANNEL, ts: ALERT_TS });
    expect(statusPosts(harness)[0].body.thread_ts).toBe(ALERT_TS);
    const report = await onlyReport(harness);
    expect(report.budget.stopReason).toBe('investigation stopped by UOPS');
    expect(report.decisions).toEqual([expect.objectContaining({ type: 'stop', by: 'UOPS' })]);
    expect(report.hypotheses.every((h) => h.status === 'proposed')).toBe(true);
  });

  it('the Veto button vetoes its hypothesis; a plain reply becomes a note', async () => {
    harness.service.subscribe(async (event) => {
      if (event.type !== 'hypothesis-proposed' || event.hypothesis.id !== 'H1') return;
      const ts = hypothesisMessageTs(harness.fake.calls, 'H1')!;
      const button = harness.fake.callsOf('chat.postMessage').find((call) => call.response.ts === ts)!.body.blocks.find((b: { type: string }) => b.type === 'actions').elements[1];
      await delivery.interaction({
        type: 'block_actions',
        user: { id: 'UOPS', name: 'ops' },
        team: { id: 'T0TEST' },
        api_app_id: 'A0CAUSA',
        channel: { id: CHANNEL },
        container: { type: 'message', message_ts: ts, channel_id: CHANNEL },
        message: { ts, thread_ts: ALERT_TS },
        trigger_id: 'trigger',
        actions: [{ type: 'button', action_id: button.action_id, block_id: 'causa_steer_H1', value: button.value, action_ts: '1715679800.000100' }],
      });
      await delivery.event(envelope({ type: 'message', user: 'UOPS', text: 'look at the database', channel: CHANNEL, ts: '1715679791.000100', thread_ts: ALERT_TS }));
      await harness.store.waitForSteering(2);
    });
    await delivery.event(envelope(alertPost(harness, ALERT_TS)));
    await harness.fake.waitFor(() => statusPosts(harness).length === 1);
    await harness.service.whenIdle();

    const report = await onlyReport(harness);
    const decisions = report.decisions.map((d) => [d.type, d.hypothesisId, d.text]);
    expect(decisions).toEqual(expect.arrayContaining([['veto', 'H1', null], ['note', null, 'look at the database']]));
    expect(report.rejected).toContainEqual(expect.objectContaining({ hypothesisId: 'H1', status: 'vetoed' }));
  });

  it('/causa help and status answer ephemerally; /causa investigate posts and investigates in its thread', async () => {
    const command = (text: string) => ({ command: '/causa', text, user_id: 'UOPS', channel_id: CHANNEL, team_id: 'T0TEST', token: 'legacy', trigger_id: 't', response_url: `${harness.fake.apiUrl}response` });
    const help = await delivery.command(command('help'));
    expect(help.status).toBe(200);
    expect(await help.json()).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('/causa investigate') });
    const status = await delivery.command(command('status'));
    expect(await status.json()).toMatchObject({ text: 'No investigation is running.\nQueue: 0 waiting, 0 running.' });
    const notAlert = await delivery.command(command('investigate hello there'));
    expect(await notAlert.json()).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Not a recognizable alert') });

    const investigate = await delivery.command(command(`investigate ${harness.alertText.title}\n${harness.alertText.body}`));
    expect(investigate.status).toBe(200);
    await harness.fake.waitFor(() => statusPosts(harness).length === 1);
    await harness.service.whenIdle();
    const [announcement] = harness.fake.callsOf('chat.postMessage');
    expect(announcement.body.thread_ts).toBeUndefined();
    expect(announcement.body.text).toMatch(/<@UOPS> asked Causa to investigate/);
    expect(statusPosts(harness)[0].body.thread_ts).toBe(announcement.response.ts);
    expect((await onlyReport(harness)).alert.symptom.service).toBe('orders-consumer');
  });

  it('a mention without an alert gets an explanation in the thread, not an investigation', async () => {
    const mention = { type: 'app_mention', user: 'UOPS', text: '<@UCAUSA> investigate the coffee machine', channel: CHANNEL, ts: '1715679780.000100', event_ts: '1715679780.000100' };
    await delivery.event(envelope(mention));
    await harness.fake.waitFor((calls) => calls.some((call) => call.method === 'chat.postMessage'));
    const [reply] = harness.fake.callsOf('chat.postMessage');
    expect(reply.body).toMatchObject({ channel: CHANNEL, thread_ts: '1715679780.000100' });
    expect(reply.body.text).toMatch(/could not read an alert/);
    expect(harness.service.runningInvestigations()).toEqual([]);
  });
});
