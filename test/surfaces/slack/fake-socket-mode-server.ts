import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A local stand-in for Slack's Socket Mode endpoint (the `ws` package on 127.0.0.1): greets each
 * connection with `hello`, sends `events_api` envelopes and records the acks it gets back.
 */
export class FakeSocketModeServer {
  readonly acks: Array<{ envelope_id: string }> = [];
  private server?: WebSocketServer;
  private socket?: WebSocket;
  private counter = 0;

  /** The URL `apps.connections.open` hands out. */
  url = '';

  async start(): Promise<void> {
    this.server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => this.server!.once('listening', () => resolve()));
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link`;
    this.server.on('connection', (socket) => {
      this.socket = socket;
      socket.on('message', (data) => this.acks.push(JSON.parse(String(data))));
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake', approximate_connection_time: 3600 }, connection_info: { app_id: 'A0CAUSA' } }));
    });
  }

  /** True once a client is connected. */
  get connected(): boolean {
    return this.socket !== undefined;
  }

  /** Sends an Events API payload in a Socket Mode envelope; returns the envelope id. */
  sendEvent(payload: Record<string, unknown>, retryAttempt = 0): string {
    if (!this.socket) throw new Error('no Socket Mode client is connected');
    const envelopeId = `env-${++this.counter}`;
    this.socket.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type: 'events_api',
        payload,
        accepts_response_payload: false,
        retry_attempt: retryAttempt,
        retry_reason: retryAttempt > 0 ? 'timeout' : '',
      }),
    );
    return envelopeId;
  }

  /** Waits for the client's ack of an envelope. */
  async waitForAck(envelopeId: string, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.acks.some((ack) => ack.envelope_id === envelopeId)) {
      if (Date.now() > deadline) throw new Error(`no ack for ${envelopeId}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async stop(): Promise<void> {
    for (const client of this.server?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
