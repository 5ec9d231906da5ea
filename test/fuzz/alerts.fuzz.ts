import { parseAlertOrThrow } from '../../src/core/alerts/alert-recognizer';
import { AlertSchema } from '../../src/core/alerts/alert-schema';
import { InputError } from '../../src/core/errors';
import { recognizedFromMessage } from '../../src/surfaces/slack/alert-investigation';
import { extractMessageText } from '../../src/surfaces/slack/slack-message-text';
import { foreignMarkupInCalls } from '../surfaces/slack/live-markup';
import { SlackDelivery } from '../surfaces/slack/signed-request';
import { ALERT_BOT, CHANNEL, envelope, SIGNING_SECRET, startHarness } from '../surfaces/slack/slack-test-harness';
import { runFuzz } from './fuzz-support';
import { hostileAlertMessage, hostileText, hostileTitle } from './hostile-slack-text';

/*
 * Hostile alert posts (mention and link markup, entities, odd and huge Unicode, nested
 * attachments and blocks, malformed JSON) through the real recognizers, and through the Slack
 * app's handlers (alert posts, @Causa, /causa) over its signed HTTP receiver with the fake Slack
 * Web API. Properties: nothing throws but the recognizers' InputError, every recognized alert is
 * valid, no input takes long (a slow regular expression would), Slack gets its answer within its
 * 3 s, no unhandled rejection, and no recorded Slack call carries a live mention or foreign link.
 */

const NOW = Date.parse('2024-05-14T09:30:00Z');
/** Slack's own limit for acknowledging a request. */
const ACK_MS = 3000;
/** Far above what one alert takes to read; only a runaway (quadratic) parse exceeds it. */
const RECOGNIZE_MS = 2000;

describe('fuzz: hostile alerts', () => {
  it('the recognizers read or refuse every hostile post, quickly and without throwing', async () => {
    const summary = await runFuzz(
      'alerts-recognizers',
      (random) => ({ ...hostileAlertMessage(random), ts: '1715678570.000100' }),
      (message) => {
        const started = Date.now();
        const recognized = recognizedFromMessage(message, () => NOW);
        if (recognized && !AlertSchema.safeParse(recognized.alert).success) return `invalid alert: ${JSON.stringify(recognized.alert).slice(0, 300)}`;
        const { text, fragments } = extractMessageText(message);
        try {
          const alert = parseAlertOrThrow([text, ...fragments].join('\n'), { now: () => new Date(NOW) });
          if (!AlertSchema.safeParse(alert).success) return 'parseAlertOrThrow returned an invalid alert';
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          if (error.message.trim() === '') return 'an InputError without a message';
        }
        const elapsed = Date.now() - started;
        return elapsed > RECOGNIZE_MS ? `took ${elapsed} ms` : undefined;
      },
      { describe: (message) => JSON.stringify(message).slice(0, 400) },
    );
    expect(summary.failures).toEqual([]);
    expect(summary.inputs).toBeGreaterThan(0);
  });

  it('the Slack app answers every hostile alert post, mention and command in time, and never pings or links', async () => {
    const harness = await startHarness({ budget: { maxQueries: 40, maxHypotheses: 8, maxDepth: 2, deadlineMs: 20_000 } });
    const delivery = new SlackDelivery(`http://127.0.0.1:${harness.port}/slack/events`, SIGNING_SECRET);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    let counter = 0;
    try {
      const summary = await runFuzz(
        'alerts-slack',
        (random) => {
          const ts = `17156800${String(10 + (counter++ % 89)).padStart(2, '0')}.${String(counter).padStart(6, '0')}`;
          const kind = random.pick(['post', 'post', 'post', 'mention', 'command'] as const);
          if (kind === 'post') return { kind, body: { type: 'message', subtype: 'bot_message', bot_id: ALERT_BOT, username: 'Alertmanager', channel: CHANNEL, ts, ...hostileAlertMessage(random) } };
          if (kind === 'mention') return { kind, body: { type: 'app_mention', user: 'UOPS', text: `<@UCAUSA> investigate ${hostileTitle(random)}\n${hostileText(random, 6)}`, channel: CHANNEL, ts, event_ts: ts } };
          return { kind, body: { command: '/causa', text: random.pick(['investigate ', 'status', 'help', '']) + hostileTitle(random), user_id: 'UOPS', channel_id: CHANNEL, team_id: 'T0TEST', token: 'legacy', trigger_id: 't' } };
        },
        async (input) => {
          const started = Date.now();
          const response =
            input.kind === 'command' ? await delivery.command(input.body as unknown as Record<string, string>) : await delivery.event(envelope(input.body as Record<string, unknown>));
          const elapsed = Date.now() - started;
          await response.text();
          if (response.status !== 200) return `HTTP ${response.status}`;
          if (elapsed > ACK_MS) return `answered after ${elapsed} ms`;
          if (unhandled.length > 0) return `unhandled rejection: ${String(unhandled.splice(0)[0])}`;
          return undefined;
        },
        { maxInputs: 150, describe: (input) => JSON.stringify(input.body).slice(0, 400) },
      );
      await harness.service.whenIdle();
      const markup = foreignMarkupInCalls(harness.fake.calls, { users: ['UOPS'], channels: [CHANNEL] });
      process.stdout.write(`fuzz alerts-slack: ${harness.fake.calls.length} Slack calls checked, ${markup.length} with live markup\n`);
      expect(markup.slice(0, 10)).toEqual([]);
      expect(unhandled).toEqual([]);
      expect(summary.failures).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await harness.close();
    }
  });
});
