import {
  mrkdwnToPlainText,
  replaceSlackLinks,
  stripEmphasis,
  stripLeadingEmoji,
  unescapeSlackEntities,
} from '../../../src/core/alerts/slack-mrkdwn';

describe('Slack mrkdwn', () => {
  it('shows links by their label, or the address when there is none', () => {
    expect(replaceSlackLinks('<https://grafana.example.com/d/x?a=1&amp;b=2|Dashboard> and <https://x.example.com>')).toBe(
      'Dashboard and https://x.example.com',
    );
  });

  it('renders user, channel and special mentions', () => {
    expect(replaceSlackLinks('<@U024BE7LH> <#C024BE7LR|ops> <!here> <!subteam^S01|@sre>')).toBe('@U024BE7LH #ops @here @sre');
  });

  it('leaves a comparison that is not a link alone', () => {
    expect(replaceSlackLinks('avg:x{env:prod} < 99.9 and a > b')).toBe('avg:x{env:prod} < 99.9 and a > b');
  });

  it('unescapes &lt; &gt; &amp; once, in the right order', () => {
    expect(unescapeSlackEntities('p99 &gt; 1s &amp;&amp; errors &lt; 5 &amp;lt;')).toBe('p99 > 1s && errors < 5 &lt;');
  });

  it('removes bold, code, italics and strike, but not underscores inside names', () => {
    expect(stripEmphasis('*Alert:* `KubePodCrashLooping` _really_ ~old~ **Firing** my_alert_name')).toBe(
      'Alert: KubePodCrashLooping really old Firing my_alert_name',
    );
  });

  it('turns a whole message into plain text', () => {
    expect(mrkdwnToPlainText('*Started:* 2024-03-05 &lt;<https://a.example.com|Runbook>&gt;')).toBe(
      'Started: 2024-03-05 <Runbook>',
    );
  });

  it('strips leading emoji shortcodes and pictographs', () => {
    expect(stripLeadingEmoji(':rotating_light: 🚨 FIRING')).toBe('FIRING');
  });
});
