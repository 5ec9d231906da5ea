import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { SLASH_COMMAND } from '../../../src/surfaces/slack';

describe('the Slack app manifest', () => {
  const manifest = parse(readFileSync(path.resolve(__dirname, '../../../manifests/slack/manifest.yaml'), 'utf8'));

  it('grants every scope and event the Slack surface uses, and no scope it does not use', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      ['app_mentions:read', 'channels:history', 'groups:history', 'chat:write', 'chat:write.public', 'reactions:read', 'files:write', 'commands', 'usergroups:read'].sort(),
    );
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['app_mention', 'message.channels', 'message.groups', 'reaction_added']));
  });

  it('registers the slash command the app handles, interactivity and Socket Mode', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([SLASH_COMMAND]);
    expect(manifest.features.bot_user.display_name).toBe('Causa');
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });
});
