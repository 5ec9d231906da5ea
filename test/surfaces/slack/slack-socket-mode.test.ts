import { FakeSocketModeServer } from './fake-socket-mode-server';
import { alertPost, CHANNEL, envelope, startHarness, type SlackHarness } from './slack-test-harness';
import { threadScript } from './thread-script';

const ALERT_TS = '1715679770.000100';

describe('Slack surface over Socket Mode', () => {
  let socket: FakeSocketModeServer;
  let harness: SlackHarness;

  beforeAll(async () => {
    socket = new FakeSocketModeServer();
    await socket.start();
    harness = await startHarness({ mode: 'socket', socketUrl: socket.url });
  });

  afterAll(async () => {
    await harness?.close();
    await socket?.stop();
  });

  it('connects with the app token through apps.connections.open', () => {
    expect(socket.connected).toBe(true);
    // Once to check the app-level token at start (a refusal is then a clear error), once to connect.
    expect(harness.fake.callsOf('apps.connections.open')).toHaveLength(2);
  });

  it('acks an alert envelope, investigates it in the alert thread and publishes the RCA', async () => {
    const payload = envelope(alertPost(harness, ALERT_TS), 'EvSocket1');
    const envelopeId = socket.sendEvent(payload);
    await socket.waitForAck(envelopeId);
    await harness.fake.waitFor((calls) => calls.some((call) => call.method === 'chat.postMessage'));
    await harness.service.whenIdle();

    const script = threadScript(harness.fake.calls);
    expect(script[0]).toBe('post status');
    expect(script).toContain('post H1');
    expect(script.slice(-4)).toEqual(['upload files', 'files.completeUploadExternal', 'post rca', 'update status']);
    for (const call of harness.fake.callsOf('chat.postMessage')) expect(call.body).toMatchObject({ channel: CHANNEL, thread_ts: ALERT_TS });

    // Slack redelivers the envelope (retry_attempt 1): acked, and nothing new starts.
    const before = harness.fake.calls.length;
    const retry = socket.sendEvent(payload, 1);
    await socket.waitForAck(retry);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await harness.service.whenIdle();
    expect(harness.fake.calls.slice(before).filter((call) => call.method === 'chat.postMessage')).toEqual([]);
  });
});
