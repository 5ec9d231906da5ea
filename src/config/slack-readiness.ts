import type { CausaConfig } from './config-schema';

/** How the Slack surface can connect, and what is missing when it cannot. */
export interface SlackReadiness {
  /** 'socket' when bot + app tokens are set (preferred), 'http' when bot token + signing secret. */
  mode: 'socket' | 'http' | null;
  /** One message per missing variable, saying what it is needed for. Empty when ready. */
  missing: string[];
}

const BOT_TOKEN_MISSING = 'SLACK_BOT_TOKEN is missing: Socket Mode and HTTP mode both need an xoxb- bot token';
const APP_TOKEN_MISSING = 'SLACK_APP_TOKEN is missing: Socket Mode needs an xapp- token';
const SIGNING_SECRET_MISSING = "SLACK_SIGNING_SECRET is missing: HTTP mode needs the app's signing secret";

/**
 * Decides whether Slack can start and in which mode. Socket Mode (bot + app token) wins over
 * HTTP (bot token + signing secret) when both are possible, because it needs no public URL.
 */
export function slackReadiness(config: Pick<CausaConfig, 'slack'>): SlackReadiness {
  const slack = config.slack;
  const hasBot = Boolean(slack?.botToken);
  const hasApp = Boolean(slack?.appToken);
  const hasSecret = Boolean(slack?.signingSecret);

  if (hasBot && hasApp) return { mode: 'socket', missing: [] };
  if (hasBot && hasSecret) return { mode: 'http', missing: [] };

  const missing: string[] = [];
  if (!hasBot) missing.push(BOT_TOKEN_MISSING);
  // Either completes a mode; name both unless one is already there.
  if (!hasApp && !hasSecret) missing.push(APP_TOKEN_MISSING, SIGNING_SECRET_MISSING);
  return { mode: null, missing };
}
