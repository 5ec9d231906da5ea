import { PostingPolicySchema } from '../../../src/config/posting-policy-schema';
import { BotMetrics } from '../../../src/observability/bot-metrics';
import { ScheduledSlackClient, schedulerWebClient } from '../../../src/surfaces/slack/scheduled-slack-client';
import { FakeSlackApi, type RecordedCall } from './fake-slack-api';

/** A counter's value summed over the series with `labels`; `series` picks one series of a histogram (`…_count`, `…_sum`). */
async function metricValue(metrics: BotMetrics, name: string, labels: Record<string, string>, series = name): Promise<number> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((candidate) => candidate.name === name);
  const values = (metric?.values ?? []) as Array<{ labels: Record<string, string>; value: number; metricName?: string }>;
  return values
    .filter((value) => (value.metricName ?? name) === series && Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted))
    .reduce((sum, value) => sum + value.value, 0);
}

describe('Slack posting under Slack rate limits (429 + Retry-After)', () => {
  let fake: FakeSlackApi;

  beforeEach(async () => {
    fake = new FakeSlackApi();
    await fake.start();
  });

  afterEach(async () => {
    await fake.stop();
  });

  it('every post arrives once, in order, and a message ends with its latest content, though Slack answered 429s', async () => {
    // Slack here is stricter than the scheduler's policy, so the scheduler meets real 429s.
    fake.limitChannels({ burst: 2, refillMs: 500, retryAfterSeconds: 1 });
    fake.setLatency(20);
    const metrics = new BotMetrics({ processMetrics: false });
    const posting = new ScheduledSlackClient({
      client: schedulerWebClient('xoxb-test-token', fake.apiUrl),
      policy: PostingPolicySchema.parse({ channelIntervalMs: 100, channelBurst: 5 }),
      metrics,
    });
    const statusTs = await posting.postMessage({ channel: 'CSTORM', thread_ts: '1.0', text: 'status 0' }, 'essential');
    expect(statusTs).toBeDefined();
    const work: Array<Promise<unknown>> = [];
    for (let index = 1; index <= 6; index += 1) {
      work.push(posting.postMessage({ channel: 'CSTORM', thread_ts: '1.0', text: `post ${index}` }, 'essential'));
      work.push(posting.update({ channel: 'CSTORM', ts: statusTs!, text: `status ${index}` }, index === 6 ? 'essential' : 'progress'));
    }
    work.push(posting.postMessage({ channel: 'COTHER', thread_ts: '2.0', text: 'elsewhere' }, 'essential'));
    await Promise.all(work);
    await posting.whenIdle();

    const delivered = fake.calls.filter((call) => !call.rateLimited);
    const posts = delivered.filter((call) => call.method === 'chat.postMessage' && call.body.channel === 'CSTORM').map((call) => call.body.text);
    expect(posts).toEqual(['status 0', 'post 1', 'post 2', 'post 3', 'post 4', 'post 5', 'post 6']);
    const updates = delivered.filter((call) => call.method === 'chat.update').map((call) => call.body.text);
    expect(updates.at(-1)).toBe('status 6');
    expect(updates.length).toBeLessThan(6);
    expect(delivered.filter((call) => call.body.channel === 'COTHER')).toHaveLength(1);

    const limited = fake.calls.filter((call) => call.rateLimited);
    expect(limited.length).toBeGreaterThan(0);
    // Each 429 was waited out for its Retry-After (1 s): a refused post pauses its channel, a
    // refused update the workspace's updates.
    for (const refusal of limited) {
      const paused = refusal.method === 'chat.update' ? (call: RecordedCall) => call.method === 'chat.update' : (call: RecordedCall) => call.body.channel === refusal.body.channel;
      const next = fake.calls.find((call) => call.at > refusal.at && paused(call));
      expect(next!.at - refusal.at).toBeGreaterThanOrEqual(990);
    }
    expect(await metricValue(metrics, 'causa_chat_calls_total', { result: 'rate_limited' })).toBe(limited.length);
    expect(await metricValue(metrics, 'causa_chat_calls_skipped_total', { reason: 'superseded' })).toBeGreaterThan(0);
    expect(await metricValue(metrics, 'causa_chat_rate_limits_unhandled_total', {})).toBe(0);
  }, 30_000);

  it('updates stay within chat.update\'s own limit (no 429), and the posts of their channels do not wait behind them', async () => {
    // Slack's limits five times faster, so the test takes seconds: chat.update 240 a minute per
    // workspace (Tier 3's 50, scaled), posts 5 a second per channel; the policy stays just inside.
    // Slack's buckets allow one call more than the policy's bursts: a call is counted when the
    // scheduler grants it and arrives when the event loop sends it, so on a loaded machine a burst
    // granted at once and the next call granted on time can arrive together.
    fake.limitMethod('chat.update', { burst: 4, refillMs: 250, retryAfterSeconds: 1 });
    fake.limitChannels({ burst: 4, refillMs: 200, retryAfterSeconds: 1 });
    fake.setLatency(20);
    const metrics = new BotMetrics({ processMetrics: false });
    const posting = new ScheduledSlackClient({
      client: schedulerWebClient('xoxb-test-token', fake.apiUrl),
      policy: PostingPolicySchema.parse({ channelIntervalMs: 200, channelBurst: 3, updates: { perMinute: 200, burst: 3 } }),
      metrics,
    });
    const channels = ['C1', 'C2', 'C3', 'C4'];
    const started = Date.now();
    const updates = channels.flatMap((channel) => [1, 2, 3, 4, 5].map((index) => posting.update({ channel, ts: `1.${index}`, text: `${channel} status ${index}` }, 'essential')));
    const posts = channels.map((channel) => posting.postMessage({ channel, thread_ts: '1.0', text: `${channel} RCA` }, 'essential'));
    await Promise.all([...updates, ...posts]);
    await posting.whenIdle();

    expect(fake.calls.filter((call) => call.rateLimited)).toEqual([]);
    expect(fake.callsOf('chat.update')).toHaveLength(20);
    // 20 updates at 200 a minute after a burst of 3 take about 5 s; each post went out at once.
    const lastUpdate = Math.max(...fake.callsOf('chat.update').map((call) => call.at));
    expect(lastUpdate - started).toBeGreaterThanOrEqual(4500);
    for (const post of fake.callsOf('chat.postMessage')) expect(post.at - started).toBeLessThan(1000);
    expect(await metricValue(metrics, 'causa_chat_calls_total', { method: 'chat.update', result: 'ok' })).toBe(20);
    // The waits are seen: 20 updates that waited about 2.5 s on average.
    expect(await metricValue(metrics, 'causa_chat_call_wait_seconds', { method: 'chat.update' }, 'causa_chat_call_wait_seconds_count')).toBe(20);
    expect(await metricValue(metrics, 'causa_chat_call_wait_seconds', { method: 'chat.update' }, 'causa_chat_call_wait_seconds_sum')).toBeGreaterThan(20);
  }, 30_000);

  it('a channel Slack keeps refusing fails its call after the retries, counted as unhandled', async () => {
    fake.limitChannels({ burst: 0, refillMs: 1_000_000, retryAfterSeconds: 1 });
    const metrics = new BotMetrics({ processMetrics: false });
    const posting = new ScheduledSlackClient({
      client: schedulerWebClient('xoxb-test-token', fake.apiUrl),
      policy: PostingPolicySchema.parse({ maxRateLimitRetries: 1 }),
      metrics,
    });
    await expect(posting.postMessage({ channel: 'CBLOCKED', text: 'never' }, 'essential')).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error' });
    expect(fake.calls.filter((call) => call.rateLimited)).toHaveLength(2);
    expect(await metricValue(metrics, 'causa_chat_rate_limits_unhandled_total', { surface: 'slack' })).toBe(1);
  }, 15_000);
});
