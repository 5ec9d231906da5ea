import type { SeededRandom } from '../../src/scenarios/seeded-random';
import { foreignMarkupInCalls } from '../surfaces/slack/live-markup';
import { slackSignature } from '../surfaces/slack/signed-request';
import { ALERT_BOT, CHANNEL, SIGNING_SECRET, startHarness } from '../surfaces/slack/slack-test-harness';
import { runFuzz } from './fuzz-support';
import { hostileAlertMessage, hostileText, hostileTitle } from './hostile-slack-text';

/*
 * Generated Slack requests POSTed to the real HTTP receiver of a running app (Bolt's receiver on
 * Causa's HTTP server, the fake Slack Web API behind it): Events API envelopes, interactivity
 * payloads and slash commands, signed, unsigned, forged or stale, with and without
 * X-Slack-Retry-Num, well-formed or not. Properties: every request gets a well-formed answer
 * within Slack's 3 s; an unsigned, forged or stale one gets 401; a signed url_verification gets
 * its challenge back; nothing answers 5xx; no unhandled rejection; no recorded Slack call
 * carries a live mention or foreign link.
 */

const ACK_MS = 3000;
const PEOPLE = ['UOPS', 'UDEV', 'W0ENT'];
const ODD_USERS = ['U1> <!channel', '<!here>', '', 'USLACKBOT', 'B0BOT', 'x'.repeat(300)];

type Signing = 'valid' | 'none' | 'forged' | 'stale';

interface GeneratedRequest {
  kind: string;
  body: string;
  contentType: string;
  signing: Signing;
  retryNum?: number;
  challenge?: string;
}

let counter = 0;

function ts(): string {
  counter += 1;
  return `17156801${String(counter % 100).padStart(2, '0')}.${String(counter).padStart(6, '0')}`;
}

function user(random: SeededRandom): unknown {
  return random.chance(0.85) ? random.pick(PEOPLE) : random.pick<unknown>([...ODD_USERS, null, 7]);
}

function event(random: SeededRandom): Record<string, unknown> {
  const at = ts();
  const thread = random.chance(0.5) ? random.pick(['1715680000.000001', '1715680000.000002', at]) : undefined;
  switch (random.int(0, 6)) {
    case 0:
      return { type: 'message', subtype: 'bot_message', bot_id: ALERT_BOT, channel: CHANNEL, ts: at, ...hostileAlertMessage(random) };
    case 1:
      return { type: 'message', user: user(random), text: random.pick(['stop', 'veto H1', 'confirm H2', hostileText(random)]), channel: CHANNEL, ts: at, thread_ts: thread };
    case 2:
      return { type: 'app_mention', user: user(random), text: `<@UCAUSA> ${random.pick(['investigate ', 'help', 'status', ''])}${hostileTitle(random)}`, channel: CHANNEL, ts: at, thread_ts: thread, event_ts: at };
    case 3:
      return { type: 'reaction_added', user: user(random), reaction: random.pick(['-1', '+1', 'thumbsdown::skin-tone-2', 'fire', '']), item: { type: random.pick(['message', 'file']), channel: CHANNEL, ts: thread ?? at }, event_ts: at };
    case 4:
      return { type: 'message', subtype: random.pick(['message_changed', 'message_deleted', 'channel_join', 'thread_broadcast']), channel: CHANNEL, message: { ...hostileAlertMessage(random), bot_id: ALERT_BOT, ts: at }, ts: at };
    case 5:
      return { type: random.pick(['app_home_opened', 'member_joined_channel', 'unknown_event', '']), user: user(random), channel: CHANNEL };
    default:
      return random.pick<Record<string, unknown>>([{}, { type: null }, { type: 'message', channel: { id: CHANNEL }, ts: 7 }, { type: 'app_mention', text: 42 }]);
  }
}

function interaction(random: SeededRandom): Record<string, unknown> {
  const value = random.pick(['inv-1/H1', 'no-such/H9', '', hostileText(random, 2), '/'.repeat(100)]);
  const action = random.pick(['causa_confirm', 'causa_veto', 'other_action']);
  if (random.chance(0.2)) return { type: random.pick(['view_submission', 'shortcut', 'message_action', 'unknown']), user: { id: user(random) }, team: { id: 'T0TEST' } };
  return {
    type: 'block_actions',
    user: { id: user(random), name: hostileText(random, 1) },
    team: { id: 'T0TEST' },
    api_app_id: 'A0CAUSA',
    channel: random.chance(0.9) ? { id: CHANNEL } : undefined,
    message: { ts: '1715680000.000001', thread_ts: '1715680000.000001' },
    trigger_id: 'trigger',
    actions: random.chance(0.9) ? [{ type: 'button', action_id: action, block_id: 'causa_steer_H1', value, action_ts: ts() }] : random.pick<unknown>([[], null, 'x']),
  };
}

function generate(random: SeededRandom): GeneratedRequest {
  const signing = random.pick<Signing>(['valid', 'valid', 'valid', 'valid', 'none', 'forged', 'stale']);
  const retryNum = random.chance(0.25) ? random.int(1, 3) : undefined;
  const kind = random.pick(['event', 'event', 'event', 'challenge', 'interaction', 'command', 'garbage']);
  if (kind === 'event') {
    const envelope = { token: 'legacy', team_id: 'T0TEST', api_app_id: 'A0CAUSA', type: 'event_callback', event_id: `Ev${random.chance(0.2) ? random.int(0, 5) : ts()}`, event_time: 1715680000, event: event(random) };
    return { kind, body: JSON.stringify(envelope), contentType: 'application/json', signing, retryNum };
  }
  if (kind === 'challenge') {
    const challenge = random.hex(16);
    return { kind, body: JSON.stringify({ token: 'legacy', type: 'url_verification', challenge }), contentType: 'application/json', signing, challenge };
  }
  if (kind === 'interaction') {
    const payload = random.chance(0.9) ? JSON.stringify(interaction(random)) : random.pick(['{', '', 'null', '[]', hostileText(random)]);
    return { kind, body: new URLSearchParams({ payload }).toString(), contentType: 'application/x-www-form-urlencoded', signing, retryNum };
  }
  if (kind === 'command') {
    const fields: Record<string, string> = { command: random.pick(['/causa', '/causa', '/other', '']), text: `${random.pick(['investigate ', 'status', 'help', ''])}${hostileTitle(random)}`, user_id: String(user(random)), channel_id: CHANNEL, team_id: 'T0TEST', token: 'legacy', trigger_id: 't' };
    if (random.chance(0.2)) delete fields[random.pick(Object.keys(fields))];
    return { kind, body: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded', signing, retryNum };
  }
  const body = random.pick(['', '{', 'null', '[1,2]', '{"type":"event_callback"}', 'payload=%ZZ', hostileText(random), '{"a":'.repeat(2000)]);
  return { kind, body, contentType: random.pick(['application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/octet-stream']), signing, retryNum };
}

describe('fuzz: Slack requests', () => {
  it('the HTTP receiver answers every generated request in time and well-formed, and nothing pings or links', async () => {
    const harness = await startHarness({ budget: { maxQueries: 40, maxHypotheses: 8, maxDepth: 2, deadlineMs: 20_000 } });
    const url = `http://127.0.0.1:${harness.port}/slack/events`;
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const statuses: Record<string, number> = {};
    try {
      const summary = await runFuzz('slack-events', generate, async (request) => {
        const now = Math.floor(Date.now() / 1000);
        const timestamp = request.signing === 'stale' ? now - 600 : now;
        const headers: Record<string, string> = { 'content-type': request.contentType };
        if (request.signing !== 'none') {
          headers['x-slack-request-timestamp'] = String(timestamp);
          headers['x-slack-signature'] = slackSignature(request.signing === 'forged' ? 'not-the-secret' : SIGNING_SECRET, timestamp, request.body);
        }
        if (request.retryNum !== undefined) {
          headers['x-slack-retry-num'] = String(request.retryNum);
          headers['x-slack-retry-reason'] = 'http_timeout';
        }
        const started = Date.now();
        const response = await fetch(url, { method: 'POST', headers, body: request.body, signal: AbortSignal.timeout(10_000) });
        const text = await response.text();
        const elapsed = Date.now() - started;
        const key = `${request.kind}/${request.signing} → ${response.status}`;
        statuses[key] = (statuses[key] ?? 0) + 1;
        if (unhandled.length > 0) return `unhandled rejection: ${String(unhandled.splice(0)[0])}`;
        if (elapsed > ACK_MS) return `answered after ${elapsed} ms`;
        if (response.status >= 500) return `HTTP ${response.status}: ${text.slice(0, 200)}`;
        if (request.signing !== 'valid' && response.status !== 401) return `an ${request.signing} request got HTTP ${response.status}`;
        if (request.signing === 'valid' && request.challenge && !text.includes(request.challenge)) return `the url_verification challenge was not echoed: HTTP ${response.status} ${text.slice(0, 100)}`;
        return undefined;
      }, { describe: (request) => `${request.kind} ${request.signing} retry=${request.retryNum ?? '-'} ${request.body.slice(0, 300)}` });
      await harness.service.whenIdle();
      const markup = foreignMarkupInCalls(harness.fake.calls, { users: PEOPLE, channels: [CHANNEL] });
      process.stdout.write(`fuzz slack-events: answers ${JSON.stringify(statuses)}\nfuzz slack-events: ${harness.fake.calls.length} Slack calls checked, ${markup.length} with live markup\n`);
      expect(markup.slice(0, 10)).toEqual([]);
      expect(unhandled).toEqual([]);
      expect(summary.failures).toEqual([]);
      expect(summary.inputs).toBeGreaterThan(0);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await harness.close();
    }
  });
});
