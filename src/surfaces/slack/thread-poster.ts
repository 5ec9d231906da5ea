import type { PostingKind } from '../posting/posting-scheduler';
import { chunkBlocks, type SlackBlock } from './block-kit-limits';
import type { SlackPostingClient, ThreadUpload, UploadedFile } from './scheduled-slack-client';
import { NO_UNFURL } from './slack-safe-text';

/**
 * Posts and updates block messages in one Slack thread, within Slack's 50-blocks-per-message
 * limit: what does not fit in the first message goes into follow-up messages in the same thread,
 * so nothing is cut. Calls go through the posting scheduler: `progress` posts may be skipped in a
 * storm (the post then returns undefined), `essential` ones never are.
 */
export class ThreadPoster {
  constructor(
    private readonly client: SlackPostingClient,
    readonly channel: string,
    readonly threadTs: string,
  ) {}

  /**
   * Posts `blocks` (in as many messages as needed); returns the ts of the first message, or
   * undefined when a `progress` post was skipped in a storm.
   */
  async post(text: string, blocks: readonly SlackBlock[], options: { broadcast?: boolean; kind?: PostingKind } = {}): Promise<string | undefined> {
    const kind = options.kind ?? 'essential';
    const [first, ...rest] = chunkBlocks(blocks);
    const ts = await this.client.postMessage(
      { channel: this.channel, thread_ts: this.threadTs, reply_broadcast: options.broadcast === true, text, blocks: first, ...NO_UNFURL },
      kind,
    );
    if (ts !== undefined) await this.postRest(text, rest, kind);
    return ts;
  }

  /** Replaces the message `ts` with `blocks`; overflow goes into follow-up thread messages. */
  async update(ts: string, text: string, blocks: readonly SlackBlock[], kind: PostingKind = 'essential'): Promise<void> {
    const [first, ...rest] = chunkBlocks(blocks);
    await this.client.update({ channel: this.channel, ts, text, blocks: first }, kind);
    await this.postRest(text, rest, kind);
  }

  /** Posts a plain one-line message in the thread; resolves with its ts (undefined when skipped in a storm). */
  async say(text: string, kind: PostingKind = 'essential'): Promise<string | undefined> {
    return this.client.postMessage({ channel: this.channel, thread_ts: this.threadTs, text, ...NO_UNFURL }, kind);
  }

  /** Uploads files into the thread as one message; resolves with the files Slack accepted. */
  async upload(files: ThreadUpload['files'], comment?: string): Promise<UploadedFile[]> {
    return this.client.uploadFiles({ channel_id: this.channel, thread_ts: this.threadTs, ...(comment ? { initial_comment: comment } : {}), files });
  }

  private async postRest(text: string, chunks: SlackBlock[][], kind: PostingKind): Promise<void> {
    for (const [index, chunk] of chunks.entries()) {
      await this.client.postMessage(
        { channel: this.channel, thread_ts: this.threadTs, text: `${text} (continued ${index + 2})`, blocks: chunk, ...NO_UNFURL },
        kind,
      );
    }
  }
}
