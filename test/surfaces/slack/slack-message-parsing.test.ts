import { recognizeAlert } from '../../../src/core/alerts/alert-recognizer';
import { extractMessageText } from '../../../src/surfaces/slack/slack-message-text';
import { replyCommand } from '../../../src/surfaces/slack/steering-requests';
import { voteOf } from '../../../src/surfaces/slack/steering-vote-handlers';
import { mentionArguments } from '../../../src/surfaces/slack/usage-text';

const AT = '2024-05-14T09:30:00.000Z';

describe('reading Slack messages', () => {
  it('extracts attachment titles, text and fields and block sections, fields and context', () => {
    const { text, fragments } = extractMessageText({
      text: '',
      attachments: [{ title: '[FIRING:1] HighLatency', text: 'p99 latency 2.4s > 1s', fields: [{ title: 'service', value: 'checkout-api' }], fallback: 'ignored' }],
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Datadog monitor' } },
        { type: 'section', text: { type: 'mrkdwn', text: '*Triggered*' }, fields: [{ type: 'mrkdwn', text: '*Env:* prod' }] },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'monitor #42' }] },
      ],
    });
    expect(text).toBe('');
    expect(fragments).toEqual(['[FIRING:1] HighLatency\np99 latency 2.4s > 1s\nservice: checkout-api', 'Datadog monitor\n*Triggered*\n*Env:* prod\nmonitor #42']);
  });

  it('uses the fallback only when an attachment says nothing else', () => {
    expect(extractMessageText({ attachments: [{ fallback: 'FIRING: errors on payments-api' }] }).fragments).toEqual(['FIRING: errors on payments-api']);
  });

  it('recognizes an Alertmanager alert posted as an attachment', () => {
    const { text, fragments } = extractMessageText({
      attachments: [{ title: '[FIRING:1] KafkaConsumerGroupLagHigh (orders-consumer critical)', text: '*Description:* consumer group orders-consumer is lagging\n*Details:*\n  • *alertname:* `KafkaConsumerGroupLagHigh`\n  • *service:* `orders-consumer`' }],
    });
    const alert = recognizeAlert(text, { attachments: fragments, postedAt: '1715678570.000100' });
    expect(alert).toMatchObject({ status: 'firing', symptom: { service: 'orders-consumer' } });
  });
});

describe('steering in chat', () => {
  it('reads stop, confirm/veto and notes from thread replies', () => {
    expect(replyCommand('stop', 'U1', AT)).toEqual({ type: 'stop', by: 'U1', at: AT });
    expect(replyCommand('Stop the investigation!', 'U1', AT)?.type).toBe('stop');
    expect(replyCommand('veto h2.1', 'U1', AT)).toEqual({ type: 'veto', hypothesisId: 'H2.1', by: 'U1', at: AT });
    expect(replyCommand(':+1: H3', 'U1', AT)).toMatchObject({ type: 'confirm', hypothesisId: 'H3' });
    expect(replyCommand('stop looking at the cache, check the database', 'U1', AT)).toMatchObject({ type: 'note', text: 'stop looking at the cache, check the database' });
    expect(replyCommand('   ', 'U1', AT)).toBeNull();
  });

  it('maps reactions with any skin tone to votes and ignores the rest', () => {
    expect(['+1', 'thumbsup', '+1::skin-tone-4'].map(voteOf)).toEqual(['confirm', 'confirm', 'confirm']);
    expect(['-1', 'thumbsdown', 'thumbsdown::skin-tone-2'].map(voteOf)).toEqual(['veto', 'veto', 'veto']);
    expect(['eyes', 'white_check_mark'].map(voteOf)).toEqual([null, null]);
  });

  it('strips mentions and reads the verb of a mention or command', () => {
    expect(mentionArguments('<@UCAUSA> investigate FIRING: errors on api')).toEqual({ verb: 'investigate', rest: 'FIRING: errors on api' });
    expect(mentionArguments('<@UCAUSA|causa> help')).toEqual({ verb: 'help', rest: '' });
    expect(mentionArguments('<@UCAUSA> why is it slow?')).toEqual({ verb: '', rest: 'why is it slow?' });
  });
});
