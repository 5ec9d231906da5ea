/**
 * `essential`: must reach the chat (a thread's first status message, the final report, a failure
 * note, an answer to a person). `progress`: intermediate news the thread can do without in a storm.
 */
export type PostingKind = 'essential' | 'progress';

/** One chat call to make in a channel (`lane`). */
export interface PostingTask<T> {
  lane: string;
  kind: PostingKind;
  /**
   * An update of a message already posted (Slack's `chat.update`), which the chat limits on its
   * own: it waits in its channel's queue of updates, within the workspace's update limit as well
   * as the channel's pace, and never holds up the channel's posts. A channel's posts and updates
   * are therefore not made in the order they were scheduled: a caller that needs one after the
   * other awaits the first (an update needs the id its message's post returned anyway).
   */
  update?: boolean;
  /**
   * Calls with the same key replace each other while waiting (e.g. `update:<channel>:<ts>`: only
   * the latest content of a message matters). The replaced call's promise resolves `superseded`.
   */
  coalesceKey?: string;
  run(): Promise<T>;
}

/** What became of a scheduled call. A call that failed rejects instead. */
export type PostingOutcome<T> = { sent: true; value: T } | { sent: false; reason: 'superseded' | 'shed' };
