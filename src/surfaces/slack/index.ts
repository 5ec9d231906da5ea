export { createSlackApp, type SlackAppOptions, type SlackSurface } from './slack-app-factory';
export { SLACK_RETRY_POLICY, slackClientOptions } from './slack-client-options';
export { CONFIRM_ACTION, VETO_ACTION } from './hypothesis-blocks';
export { SLASH_COMMAND } from './slash-command-handler';
export { MAX_BLOCKS_PER_MESSAGE, MAX_SECTION_TEXT, splitText, chunkBlocks } from './block-kit-limits';
export { extractMessageText } from './slack-message-text';
