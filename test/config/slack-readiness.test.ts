import { loadConfig } from '../../src/config/load-config';
import { slackReadiness } from '../../src/config/slack-readiness';

const readinessFor = (env: Record<string, string>) => slackReadiness(loadConfig({ env, cwd: __dirname }));

describe('slackReadiness', () => {
  it('prefers Socket Mode when bot and app tokens are set', () => {
    expect(readinessFor({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_SIGNING_SECRET: 's' })).toEqual({
      mode: 'socket',
      missing: [],
    });
  });

  it('uses HTTP mode with a bot token and signing secret', () => {
    expect(readinessFor({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' })).toEqual({ mode: 'http', missing: [] });
  });

  it('explains what a bot token alone still needs', () => {
    const readiness = readinessFor({ SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(readiness.mode).toBeNull();
    expect(readiness.missing).toEqual([
      'SLACK_APP_TOKEN is missing: Socket Mode needs an xapp- token',
      expect.stringMatching(/^SLACK_SIGNING_SECRET is missing: HTTP mode/),
    ]);
  });

  it('asks for the bot token when only the app token is set', () => {
    const readiness = readinessFor({ SLACK_APP_TOKEN: 'xapp-1' });
    expect(readiness.mode).toBeNull();
    expect(readiness.missing).toEqual([expect.stringMatching(/^SLACK_BOT_TOKEN is missing: .*xoxb-/)]);
  });

  it('lists every variable when Slack is not configured at all', () => {
    const readiness = readinessFor({});
    expect(readiness.mode).toBeNull();
    expect(readiness.missing.map((line) => line.split(' ')[0])).toEqual([
      'SLACK_BOT_TOKEN',
      'SLACK_APP_TOKEN',
      'SLACK_SIGNING_SECRET',
    ]);
  });
});
