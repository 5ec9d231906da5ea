import type { PostingKind } from '../posting/posting-scheduler';
import type { ChatOutbox } from '../posting/chat-outbox';
import { chunkBlocks, type SlackBlock } from './block-kit-limits';
import type { SlackPostingClient, ThreadUpload, UploadedFile, UploadFile } from './scheduled-slack-client';
import { NO_UNFURL } from './slack-safe-text';

/** The metadata event type of Causa's thread messages: its payload names the investigation and the message's purpose. */
export const MESSAGE_METADATA_TYPE = 'causa_thread_message';

/** How many thread messages are read to find a post whose id was not recorded. */
const LOOKUP_LIMIT = 1_000;

/**
 * The messages of one investigation's thread, found by the purpose in their metadata (see
 * ChatOutbox): for a post made by a process that stopped before it recorded the message's ts.
 */
export function threadLookup(client: SlackPostingClient, channel: string, threadTs: string, investigationId: string): ((purpose: string) => Promise<string | undefined>) | undefined {
  const read = client.threadMessages?.bind(client);
  if (!read) return undefined;
  return async (purpose) => {
    const messages = await read(channel, threadTs, LOOKUP_LIMIT);
    const found = messages.find(
      (message) => message.metadata?.event_type === MESSAGE_METADATA_TYPE && message.metadata.event_payload?.investigation_id === investigationId && message.metadata.event_payload?.purpose === purpose,
    );
    return found?.ts;
  };
}

/**
 * Posts and updates block messages in one Slack thread, within Slack's 50-blocks-per-message
 * limit: what does not fit in the first message goes into follow-up messages in the same thread,
 * so nothing is cut. Calls go through the posting scheduler: `progress` posts may be skipped in a
 * storm (the post then returns undefined), `essential` ones never are. A post with a `purpose`
 * goes through the thread's outbox: posted once, whoever draws the thread and however often.
 */
export class ThreadPoster {
  constructor(
    private readonly client: SlackPostingClient,
    readonly channel: string,
    readonly threadTs: string,
    private readonly outbox?: ChatOutbox,
  ) {}

  /**
   * Posts `blocks` (in as many messages as needed); returns the ts of the first message, or
   * undefined when a `progress` post was skipped in a storm. With a `purpose` already posted,
   * returns that message's ts and posts nothing.
   */
  async post(text: string, blocks: readonly SlackBlock[], options: { broadcast?: boolean; kind?: PostingKind; purpose?: string } = {}): Promise<string | undefined> {
    const kind = options.kind ?? 'essential';
    const [first, ...rest] = chunkBlocks(blocks);
    const send = async (): Promise<string | undefined> => {
      const ts = await this.client.postMessage(
        { channel: this.channel, thread_ts: this.threadTs, reply_broadcast: options.broadcast === true, text, blocks: first, ...NO_UNFURL, ...this.metadata(options.purpose) },
        kind,
      );
      if (ts !== undefined) await this.postRest(text, rest, kind, options.purpose);
      return ts;
    };
    return this.once(options.purpose, send);
  }

  /** Replaces the message `ts` with `blocks`; overflow goes into follow-up thread messages. */
  async update(ts: string, text: string, blocks: readonly SlackBlock[], kind: PostingKind = 'essential'): Promise<void> {
    const [first, ...rest] = chunkBlocks(blocks);
    await this.client.update({ channel: this.channel, ts, text, blocks: first }, kind);
    await this.postRest(text, rest, kind);
  }

  /** Posts a plain one-line message in the thread; resolves with its ts (undefined when skipped in a storm). */
  async say(text: string, kind: PostingKind = 'essential', purpose?: string): Promise<string | undefined> {
    return this.once(purpose, () => this.client.postMessage({ channel: this.channel, thread_ts: this.threadTs, text, ...NO_UNFURL, ...this.metadata(purpose) }, kind));
  }

  /** Uploads files into the thread as one message; resolves with the files Slack accepted. */
  async upload(files: ThreadUpload['files'], comment?: ThreadUpload['initial_comment'], purpose?: string): Promise<UploadedFile[]> {
    const upload = () => this.client.uploadFiles({ channel_id: this.channel, thread_ts: this.threadTs, ...(comment ? { initial_comment: comment } : {}), files });
    if (!this.outbox || purpose === undefined) return upload();
    // The files' message carries no metadata: what was uploaded is kept as the outbox's record.
    let uploaded: UploadedFile[] = [];
    const sent = await this.outbox.send(
      purpose,
      async () => {
        uploaded = await upload();
        return JSON.stringify(uploaded);
      },
      { lookup: false },
    );
    return sent.existing ? parseUploaded(sent.id) : uploaded;
  }

  /**
   * Uploads one image without sharing it (no message), once per `purpose` whoever draws the
   * thread, for the image block of a message: resolves with the file, or undefined when nothing
   * was uploaded (no image, skipped in a storm, refused by Slack).
   */
  async uploadImage(file: () => Promise<UploadFile | undefined>, purpose: string): Promise<UploadedFile | undefined> {
    const upload = async (): Promise<UploadedFile[]> => {
      const made = await file();
      if (!made) return [];
      return this.client.uploadFiles({ channel_id: this.channel, thread_ts: this.threadTs, share: false, kind: 'progress', files: [made] });
    };
    if (!this.outbox) return (await upload())[0];
    let uploaded: UploadedFile[] = [];
    // An image uploaded but not recorded (the process stopped) is an unshared file, not a message:
    // uploading it again posts nothing twice.
    const sent = await this.outbox.send(
      purpose,
      async () => {
        uploaded = await upload();
        return uploaded.length > 0 ? JSON.stringify(uploaded) : undefined;
      },
      { lookup: false },
    );
    return (sent.existing ? parseUploaded(sent.id) : uploaded)[0];
  }

  /** The ts of the message posted for `purpose` (by any process), if any. */
  async posted(purpose: string): Promise<string | undefined> {
    return this.outbox?.find(purpose);
  }

  private async once(purpose: string | undefined, send: () => Promise<string | undefined>): Promise<string | undefined> {
    if (!this.outbox || purpose === undefined) return send();
    return (await this.outbox.send(purpose, send)).id;
  }

  private metadata(purpose: string | undefined) {
    if (!this.outbox || purpose === undefined) return {};
    return { metadata: { event_type: MESSAGE_METADATA_TYPE, event_payload: { investigation_id: this.outbox.investigationId, purpose } } };
  }

  private async postRest(text: string, chunks: SlackBlock[][], kind: PostingKind, purpose?: string): Promise<void> {
    for (const [index, chunk] of chunks.entries()) {
      const part = purpose === undefined ? undefined : `${purpose}:${index + 2}`;
      await this.once(part, () =>
        this.client.postMessage({ channel: this.channel, thread_ts: this.threadTs, text: `${text} (continued ${index + 2})`, blocks: chunk, ...NO_UNFURL, ...this.metadata(part) }, kind),
      );
    }
  }
}

function parseUploaded(raw: string | undefined): UploadedFile[] {
  try {
    const parsed: unknown = JSON.parse(raw ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((file): file is UploadedFile => typeof file?.id === 'string') : [];
  } catch {
    return [];
  }
}
