import { promises as fs } from 'node:fs';
import path from 'node:path';
import { slackSafeText, slackUserMention } from '../../../src/surfaces/slack/slack-safe-text';
import { slackLink } from '../../../src/surfaces/slack/slack-links';
import { ALERT_LINK_WORDS, alertLinks } from '../../../src/core/alerts/alert-links';
import { helpfulModel } from '../../fakes/model-behaviours';
import type { ModelResponder } from '../../fakes/openai-compatible-server';
import { foreignMarkup, foreignMarkupInCalls, HOSTILE_MARKUP, someCallContains } from './live-markup';
import { SlackDelivery } from './signed-request';
import { alertPost, CHANNEL, envelope, hypothesisMessageTs, reaction, SIGNING_SECRET, startHarness, type SlackHarness } from './slack-test-harness';

const ALERT_TS = '1715679770.000100';
/** The alert's own links (in fields and links labelled for them), drawn with Causa's words: the only links a message may carry. */
function alertOwnLinks(text: string): string[] {
  return alertLinks(text).map((link) => slackLink(link.url, ALERT_LINK_WORDS[link.kind]));
}

let ALLOWED: { users: string[]; channels: string[]; links: string[] };

/** Every log line of the bundle quotes the hostile markup, so evidence and summaries carry it. */
async function hostileLogLines(dir: string): Promise<void> {
  const file = path.join(dir, 'logs.jsonl');
  const lines = (await fs.readFile(file, 'utf8')).split('\n').filter((line) => line.trim() !== '');
  const planted = lines.map((line) => {
    const record = JSON.parse(line) as { message: string };
    return JSON.stringify({ ...record, message: `${record.message} ${HOSTILE_MARKUP}` });
  });
  await fs.writeFile(file, `${planted.join('\n')}\n`);
}

function statusPosts(harness: SlackHarness) {
  return harness.fake.callsOf('chat.postMessage').filter((call) => String(call.body.text).startsWith('Causa is investigating'));
}

describe('slackSafeText and the mention builders', () => {
  it('escapes every control sequence once, and keeps an escaped broadcast escaped', () => {
    expect(slackSafeText('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d');
    expect(slackSafeText('&lt;!here&gt;')).toBe('&amp;lt;!here&amp;gt;');
    expect(foreignMarkup(slackSafeText(HOSTILE_MARKUP), { users: [] })).toEqual([]);
  });

  it('mentions only well-formed user ids', () => {
    expect(slackUserMention('UOPS')).toBe('<@UOPS>');
    expect(slackUserMention('W012ABC')).toBe('<@W012ABC>');
    expect(slackUserMention('U1> <!channel')).toBe('U1&gt; &lt;!channel');
    expect(slackUserMention('!here')).toBe('!here');
  });
});

describe('Slack messages never carry live mentions or links from untrusted text', () => {
  let harness: SlackHarness;
  let delivery: SlackDelivery;

  beforeEach(async () => {
    harness = await startHarness({ prepareBundle: hostileLogLines, slack: { threadLayout: 'verbose' } });
    ALLOWED = { users: ['UOPS'], channels: [CHANNEL], links: alertOwnLinks(harness.alertText.body) };
    // The recording's alert carries its runbook, graph and Alertmanager links; the planted "click here" link is none of them.
    expect(ALLOWED.links.length).toBeGreaterThanOrEqual(2);
    expect(ALLOWED.links.join(' ')).not.toContain('evil.example');
    delivery = new SlackDelivery(`http://127.0.0.1:${harness.port}/slack/events`, SIGNING_SECRET);
  });

  afterEach(async () => {
    await harness.close();
  });

  it('an alert post, its log lines and a reply: only the decider is mentioned', async () => {
    harness.service.subscribe(async (event) => {
      if (event.type !== 'hypothesis-proposed' || event.hypothesis.id !== 'H1') return;
      await delivery.event(envelope(reaction('UOPS', '-1', hypothesisMessageTs(harness.fake.calls, 'H1')!)));
      await delivery.event(envelope({ type: 'message', user: 'UOPS', text: `look here ${HOSTILE_MARKUP}`, channel: CHANNEL, ts: '1715679791.000100', thread_ts: ALERT_TS }));
      await harness.store.waitForSteering(2);
    });
    const post = alertPost(harness, ALERT_TS);
    const hostileTitle = `${harness.alertText.title} ${HOSTILE_MARKUP}`;
    post.attachments = [{ color: 'danger', title: hostileTitle, text: `${harness.alertText.body}\n${HOSTILE_MARKUP}`, fallback: hostileTitle }];
    await delivery.event(envelope(post));
    await harness.fake.waitFor(() => statusPosts(harness).length === 1);
    await harness.service.whenIdle();

    const calls = harness.fake.calls;
    expect(foreignMarkupInCalls(calls, ALLOWED)).toEqual([]);
    // What the alert and the logs said is still there, readable and inert.
    expect(statusPosts(harness)[0].body.text).toContain('&lt;!here&gt;');
    expect(someCallContains(calls, '&lt;!channel&gt;')).toBe(true);
    expect(someCallContains(calls, '&lt;https://evil.example/login|click here&gt;')).toBe(true);
    // The person who decided is mentioned for real.
    expect(someCallContains(calls, 'Vetoed* by <@UOPS>')).toBe(true);
    expect(harness.fake.callsOf('chat.postMessage').find((call) => call.body.reply_broadcast === 'true')).toBeDefined();
    for (const call of harness.fake.callsOf('chat.postMessage')) expect(call.body).toMatchObject({ unfurl_links: 'false', unfurl_media: 'false' });
  });

  it('/causa investigate, status and errors: the caller is mentioned, nothing else', async () => {
    const command = (text: string) => ({ command: '/causa', text, user_id: 'UOPS', channel_id: CHANNEL, team_id: 'T0TEST', token: 'legacy', trigger_id: 't', response_url: `${harness.fake.apiUrl}response` });
    const answers: string[] = [];
    harness.service.subscribe(async (event) => {
      if (event.type !== 'hypothesis-proposed' || event.hypothesis.id !== 'H1') return;
      answers.push(await (await delivery.command(command('status'))).text());
    });
    answers.push(await (await delivery.command(command(`investigate ${HOSTILE_MARKUP}`))).text());
    const investigate = await delivery.command(command(`investigate ${harness.alertText.title} ${HOSTILE_MARKUP}\n${harness.alertText.body}`));
    expect(investigate.status).toBe(200);
    await harness.fake.waitFor(() => statusPosts(harness).length === 1);
    await harness.service.whenIdle();

    expect(answers).toHaveLength(2);
    for (const answer of answers) expect(foreignMarkup(JSON.parse(answer).text, ALLOWED)).toEqual([]);
    expect(JSON.parse(answers[1]).text).toContain(`<#${CHANNEL}>`);
    expect(foreignMarkupInCalls(harness.fake.calls, ALLOWED)).toEqual([]);
    const [announcement] = harness.fake.callsOf('chat.postMessage');
    expect(announcement.body.text).toMatch(/^🔎 <@UOPS> asked Causa to investigate: \*.*&lt;!here&gt;/);
  });

  it('@Causa with hostile text: the answer and the investigation stay inert', async () => {
    const mention = (text: string, ts: string) => ({ type: 'app_mention', user: 'UOPS', text: `<@UCAUSA> ${text}`, channel: CHANNEL, ts, event_ts: ts });
    await delivery.event(envelope(mention(`investigate ${HOSTILE_MARKUP}`, '1715679780.000100')));
    await harness.fake.waitFor((calls) => calls.some((call) => call.method === 'chat.postMessage'));
    await delivery.event(envelope(mention(`investigate ${harness.alertText.title} ${HOSTILE_MARKUP}\n${harness.alertText.body}`, '1715679781.000100')));
    await harness.fake.waitFor(() => statusPosts(harness).length === 1);
    await harness.service.whenIdle();

    expect(harness.fake.callsOf('chat.postMessage')[0].body.text).toMatch(/could not read an alert/);
    expect(foreignMarkupInCalls(harness.fake.calls, ALLOWED)).toEqual([]);
    expect(statusPosts(harness)[0].body.text).toContain('&lt;!here&gt;');
  });
});

describe('Slack messages with the language model on', () => {
  it('a model failure quoting hostile text, and a thread answer, stay inert', async () => {
    // The model's first answer is an error whose message quotes the markup; later ones are helpful.
    const model: ModelResponder = (request) => (request.index === 0 ? { status: 400, error: { message: HOSTILE_MARKUP, type: 'invalid_request_error' } } : helpfulModel(request));
    const harness = await startHarness({ prepareBundle: hostileLogLines, model });
    const delivery = new SlackDelivery(`http://127.0.0.1:${harness.port}/slack/events`, SIGNING_SECRET);
    try {
      await delivery.event(envelope(alertPost(harness, ALERT_TS)));
      await harness.fake.waitFor(() => statusPosts(harness).length === 1);
      await harness.service.whenIdle();
      await delivery.event(envelope({ type: 'message', user: 'UOPS', text: `why not the logs saying ${HOSTILE_MARKUP}?`, channel: CHANNEL, ts: '1715679795.000100', thread_ts: ALERT_TS }));
      await harness.fake.waitFor((calls) => calls.some((call) => String(call.body.text ?? '').startsWith('💬')));

      const fallback = harness.fake.callsOf('chat.postMessage').find((call) => String(call.body.text).startsWith('⚠️ The language model could not be used'));
      expect(fallback).toBeDefined();
      expect(foreignMarkupInCalls(harness.fake.calls, ALLOWED)).toEqual([]);
    } finally {
      await harness.close();
    }
  });
});
