import type { webApi } from '@slack/bolt';
import { chunkBlocks, type SlackBlock } from './block-kit-limits';
import { NO_UNFURL } from './slack-safe-text';

/**
 * Posts and updates block messages in one Slack thread, within Slack's 50-blocks-per-message
 * limit: what does not fit in the first message goes into follow-up messages in the same thread,
 * so nothing is cut.
 */
export class ThreadPoster {
  constructor(
    private readonly client: webApi.WebClient,
    readonly channel: string,
    readonly threadTs: string,
  ) {}

  /** Posts `blocks` (in as many messages as needed); returns the ts of the first message. */
  async post(text: string, blocks: readonly SlackBlock[], options: { broadcast?: boolean } = {}): Promise<string> {
    const [first, ...rest] = chunkBlocks(blocks);
    const result = await this.client.chat.postMessage({
      channel: this.channel,
      thread_ts: this.threadTs,
      reply_broadcast: options.broadcast === true,
      text,
      blocks: first,
      ...NO_UNFURL,
    });
    await this.postRest(text, rest);
    if (!result.ts) throw new Error('chat.postMessage returned no ts');
    return result.ts;
  }

  /** Replaces the message `ts` with `blocks`; overflow goes into follow-up thread messages. */
  async update(ts: string, text: string, blocks: readonly SlackBlock[]): Promise<void> {
    const [first, ...rest] = chunkBlocks(blocks);
    await this.client.chat.update({ channel: this.channel, ts, text, blocks: first });
    await this.postRest(text, rest);
  }

  /** Posts a plain one-line message in the thread. */
  async say(text: string): Promise<void> {
    await this.client.chat.postMessage({ channel: this.channel, thread_ts: this.threadTs, text, ...NO_UNFURL });
  }

  private async postRest(text: string, chunks: SlackBlock[][]): Promise<void> {
    for (const [index, chunk] of chunks.entries()) {
      await this.client.chat.postMessage({ channel: this.channel, thread_ts: this.threadTs, text: `${text} (continued ${index + 2})`, blocks: chunk, ...NO_UNFURL });
    }
  }
}
