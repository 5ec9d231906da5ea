import type { InvestigationStore } from '../../core/ports/investigation-store';

/** The mark of a post under way (its outcome not recorded yet), and of one settled without a message. */
const PENDING = '1';
const SETTLED = '0';

/** What an outbox send did. */
export interface OutboxSend {
  /** The message's id (Slack ts), or undefined when the post was skipped (a storm). */
  id?: string;
  /** The message was posted before (by this process or another): nothing was posted now. */
  existing: boolean;
}

/**
 * The messages of an investigation's thread keyed by purpose (`status`, `finding:H1`,
 * `event:12`, `report:v1`…), kept in the investigation store: a message is posted once per
 * purpose, whichever process draws the thread and however often an event is drawn again (a
 * restart, a takeover), and the process that draws the thread next finds the messages to update.
 * `lookup` asks the chat itself (messages carry their purpose) for a post whose id was not
 * recorded: the process posting it stopped between the post and the record.
 */
export class ChatOutbox {
  constructor(
    private readonly store: InvestigationStore,
    private readonly surface: string,
    readonly investigationId: string,
    private readonly lookup?: (purpose: string) => Promise<string | undefined>,
  ) {}

  /** The id of the message posted for `purpose`, if any. */
  async find(purpose: string): Promise<string | undefined> {
    return this.store.findByThread(this.key(purpose));
  }

  /** Posts for `purpose` unless a message for it exists; records the message posted. */
  async send(purpose: string, post: () => Promise<string | undefined>, options: { lookup?: boolean } = {}): Promise<OutboxSend> {
    const known = await this.find(purpose);
    if (known !== undefined) return { id: known, existing: true };
    const pending = this.pendingKey(purpose);
    const lookup = options.lookup === false ? undefined : this.lookup;
    // A mark left by an attempt that did not record its outcome: the chat may hold its post.
    if (lookup && (await this.store.findByThread(pending)) === PENDING) {
      const found = await lookup(purpose).catch(() => undefined);
      if (found !== undefined) {
        await this.record(purpose, found);
        return { id: found, existing: true };
      }
    }
    if (lookup) await this.store.bindThread(pending, PENDING);
    const id = await post();
    if (id !== undefined) await this.record(purpose, id);
    // Skipped (a storm): nothing reached the chat, a later attempt need not look for it there.
    else if (lookup) await this.store.bindThread(pending, SETTLED);
    return { id, existing: false };
  }

  private async record(purpose: string, id: string): Promise<void> {
    await this.store.bindThread(this.key(purpose), id);
  }

  private key(purpose: string) {
    return { surface: `${this.surface}-outbox`, channel: this.investigationId, threadId: purpose };
  }

  private pendingKey(purpose: string) {
    return { surface: `${this.surface}-outbox-pending`, channel: this.investigationId, threadId: purpose };
  }
}
