import type { types } from '@slack/bolt';
import { slackSafeText } from './slack-safe-text';

/** Slack's limit on a section block's text. */
export const MAX_SECTION_TEXT = 3000;
/** Slack's limit on blocks in one message. */
export const MAX_BLOCKS_PER_MESSAGE = 50;

export type SlackBlock = types.KnownBlock;

/**
 * Splits text into pieces of at most `limit` characters, at line breaks where possible, then at
 * spaces, and only as a last resort inside a word. Nothing is dropped: the pieces joined with
 * line breaks give back every character of the input.
 */
export function splitText(text: string, limit = MAX_SECTION_TEXT): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    for (const part of splitLine(line, limit)) {
      const candidate = current === '' ? part : `${current}\n${part}`;
      if (candidate.length <= limit) {
        current = candidate;
      } else {
        pieces.push(current);
        current = part;
      }
    }
  }
  if (current !== '' || pieces.length === 0) pieces.push(current);
  return pieces;
}

function splitLine(line: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = line;
  while (rest.length > limit) {
    const space = rest.lastIndexOf(' ', limit);
    const cut = space > limit / 2 ? space : limit;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut === space ? cut + 1 : cut);
  }
  parts.push(rest);
  return parts;
}

/** One mrkdwn section block per piece of `text` (empty text gives no block). */
export function sectionBlocks(text: string): SlackBlock[] {
  if (text.trim() === '') return [];
  return splitText(text).map((piece) => ({ type: 'section', text: { type: 'mrkdwn', text: piece } }));
}

/** Groups blocks into messages of at most 50 blocks each, in order. */
export function chunkBlocks(blocks: readonly SlackBlock[], max = MAX_BLOCKS_PER_MESSAGE): SlackBlock[][] {
  const chunks: SlackBlock[][] = [];
  for (let i = 0; i < blocks.length; i += max) chunks.push(blocks.slice(i, i + max));
  return chunks.length > 0 ? chunks : [[]];
}

/** Escapes the three characters Slack's mrkdwn treats as control characters (see `slackSafeText`). */
export function escapeMrkdwn(text: string): string {
  return slackSafeText(text);
}
