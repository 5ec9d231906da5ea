import { CausaError } from '../../../src/core/errors';
import type { InvestigationRecord, ThreadRef } from '../../../src/core/ports/investigation-store';
import { waitUntil } from '../../queue/queue-harness';
import { SlackDelivery } from './signed-request';
import { alertPost, envelope, ObservedStore, SIGNING_SECRET, startHarness, type SlackHarness } from './slack-test-harness';

/** A memory store that refuses every call while `down` (as Redis does while it restarts), or only the next `failCreates` creations. */
class OutageStore extends ObservedStore {
  down = false;
  failCreates = 0;
  refused = 0;

  private check(operation: string): void {
    if (!this.down) return;
    this.refused++;
    throw new CausaError('store_unavailable', `Redis ${operation} failed: connect ECONNREFUSED 127.0.0.1:6379`, { isRetryable: true });
  }

  override async claim(key: string, ttlMs: number, owner?: string): Promise<boolean> {
    this.check('claim');
    return super.claim(key, ttlMs, owner);
  }

  override async create(record: InvestigationRecord): Promise<void> {
    this.check('create');
    if (this.failCreates > 0) {
      this.failCreates--;
      this.refused++;
      // Redis stays away for a moment: the claims cannot be given back either.
      this.down = true;
      setTimeout(() => (this.down = false), 400);
      throw new CausaError('store_unavailable', 'Redis create failed: Connection is closed.', { isRetryable: true });
    }
    return super.create(record);
  }

  override async releaseClaim(key: string): Promise<void> {
    this.check('releaseClaim');
    return super.releaseClaim(key);
  }

  override async findByThread(thread: ThreadRef): Promise<string | undefined> {
    this.check('findByThread');
    return super.findByThread(thread);
  }
}

const statusPosts = (harness: SlackHarness) => harness.fake.callsOf('chat.postMessage').filter((call) => String(call.body.text).startsWith('Causa is investigating'));

describe('an alert acknowledged to Slack while the store is unreachable', () => {
  let harness: SlackHarness;
  let store: OutageStore;
  let delivery: SlackDelivery;

  beforeEach(async () => {
    store = new OutageStore();
    harness = await startHarness({ store });
    delivery = new SlackDelivery(`http://127.0.0.1:${harness.port}/slack/events`, SIGNING_SECRET);
  });

  afterEach(async () => {
    await harness.close();
  });

  it('is kept and investigated once the store is back, never acknowledged and then forgotten', async () => {
    store.down = true;
    expect((await delivery.event(envelope(alertPost(harness, '1715679770.000100')))).status).toBe(200);
    await waitUntil(() => store.refused >= 2, 15_000, () => 'the store to refuse the first attempt and a replay');
    expect(statusPosts(harness)).toHaveLength(0);
    store.down = false;
    await harness.fake.waitFor(() => statusPosts(harness).length === 1, 15_000);
    await harness.service.whenIdle();
    expect(statusPosts(harness)[0].body.thread_ts).toBe('1715679770.000100');
    expect(harness.logs.join('')).toContain('kept in memory and replayed');
    expect(harness.logs.join('')).toContain('was replayed');
  });

  it('gets back the claims its first attempt took, while a Slack retry of the same event stays a duplicate', async () => {
    // The claims (event, request, alert) are written, then Redis drops before the record is, and
    // stays away while the failed start would give its claims back.
    store.failCreates = 1;
    const alert = envelope(alertPost(harness, '1715679770.000100'), 'EvOutage');
    expect((await delivery.event(alert)).status).toBe(200);
    await waitUntil(() => store.refused >= 1, 15_000, () => 'the failed creation');
    // Slack retries an event it thinks was lost: another delivery, refused by the event claim.
    expect((await delivery.event(alert, { retryNum: 1 })).status).toBe(200);
    await harness.fake.waitFor(() => statusPosts(harness).length === 1, 15_000);
    await harness.service.whenIdle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(statusPosts(harness)).toHaveLength(1);
    // Nothing says "already on it": the replay was the same request, not a second post of the alert.
    expect(harness.fake.callsOf('chat.postMessage').some((call) => String(call.body.text).startsWith('🔁'))).toBe(false);
  });
});
