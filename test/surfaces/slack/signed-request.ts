import { createHmac } from 'node:crypto';

/** Options of a delivery to Bolt's HTTP receiver. */
export interface DeliveryOptions {
  /** `X-Slack-Retry-Num`, as Slack sets it on a retry. */
  retryNum?: number;
  /** Request timestamp (unix seconds); now by default. */
  timestamp?: number;
  /** Sign with this secret instead of the real one (a forgery). */
  signWith?: string;
}

/** Slack's request signature: `v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Delivers signed Events API / interaction / command requests, as Slack does, to `url`. */
export class SlackDelivery {
  constructor(
    private readonly url: string,
    private readonly secret: string,
  ) {}

  /** An Events API envelope (JSON). */
  event(envelope: Record<string, unknown>, options: DeliveryOptions = {}): Promise<Response> {
    return this.post(JSON.stringify(envelope), 'application/json', options);
  }

  /** A block_actions (or other interactivity) payload, form-encoded as `payload=`. */
  interaction(payload: Record<string, unknown>, options: DeliveryOptions = {}): Promise<Response> {
    return this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', options);
  }

  /** A slash command, form-encoded. */
  command(fields: Record<string, string>, options: DeliveryOptions = {}): Promise<Response> {
    return this.post(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', options);
  }

  private post(body: string, contentType: string, options: DeliveryOptions): Promise<Response> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(options.signWith ?? this.secret, timestamp, body),
    };
    if (options.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(options.retryNum);
      headers['x-slack-retry-reason'] = 'http_timeout';
    }
    return fetch(this.url, { method: 'POST', headers, body });
  }
}
