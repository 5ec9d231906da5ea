import { slackSignature } from './signed-request';
import { SIGNING_SECRET, startHarness, type SlackHarness } from './slack-test-harness';

/** Posts a raw, correctly signed body to the Slack endpoint. */
async function post(harness: SlackHarness, body: string, contentType: string): Promise<Response> {
  const timestamp = Math.floor(Date.now() / 1000);
  return fetch(`http://127.0.0.1:${harness.port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, body) },
    body,
    signal: AbortSignal.timeout(5_000),
  });
}

describe('Slack request bodies Bolt cannot read', () => {
  let harness: SlackHarness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  it.each([
    ['an interaction whose payload is null', 'payload=null', 'application/x-www-form-urlencoded'],
    ['an interaction whose payload is a number', 'payload=42', 'application/x-www-form-urlencoded'],
    ['an event body that is JSON null', 'null', 'application/json'],
    ['an event body that is a JSON string', '"hello"', 'application/json'],
  ])('answers %s with 400, at once', async (_name, body, contentType) => {
    const answer = await post(harness, body, contentType);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toMatch(/malformed Slack payload/);
  });

  it('answers a forged one with 401, as Bolt answers any forged request', async () => {
    const answer = await fetch(`http://127.0.0.1:${harness.port}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)), 'x-slack-signature': 'v0=forged' },
      body: 'payload=null',
    });
    expect(answer.status).toBe(401);
  });

  it('answers a body over 16 MiB with 413', async () => {
    const answer = await post(harness, JSON.stringify({ type: 'event_callback', padding: 'x'.repeat(17 * 1024 * 1024) }), 'application/json');
    expect(answer.status).toBe(413);
  });

  it('still hands well-formed requests to Bolt, signature check included', async () => {
    const challenge = await post(harness, JSON.stringify({ type: 'url_verification', challenge: 'abc123' }), 'application/json');
    expect(challenge.status).toBe(200);
    expect(await challenge.text()).toContain('abc123');
    const forged = await fetch(`http://127.0.0.1:${harness.port}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)), 'x-slack-signature': 'v0=forged' },
      body: JSON.stringify({ type: 'url_verification', challenge: 'abc123' }),
    });
    expect(forged.status).toBe(401);
  });
});
