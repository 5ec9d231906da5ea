import type { SeededRandom } from '../../src/scenarios/seeded-random';

/** Slack control sequences and look-alikes: broadcasts, mentions, disguised links, entities. */
const MARKUP = [
  '<!channel>', '<!here>', '<!everyone>', '<!here|here>', '<!channel|@channel>', '<@U123>', '<@W0ENTERPRISE|boss>', '<!subteam^S1>',
  '<!subteam^S1|@oncall>', '<#C999|general>', '<https://evil.example/login|click here>', '<http://evil.example>', '<mailto:a@evil.example|mail>',
  '<javascript:alert(1)|x>', '&lt;!here&gt;', '&amp;lt;!channel&amp;gt;', '&lt;@U123&gt;', '&#60;!here&#62;', '<!date^1392734382^{date}|Feb 18>',
  '@here', '@channel', '<', '>', '&', '<<!here>>', '<!here', 'https://evil.example/a?b=<c>&d',
];

/** Odd Unicode: direction overrides, zero-width, combining marks, lone surrogates, wide and astral characters. */
const UNICODE = ['\u202e', '\u200b', '\u200d', '\ufeff', 'e\u0301\u0301\u0301', '\ud800', '\udfff', '🔥', '👩‍👩‍👧‍👦', '𝔘𝔫𝔦', '\u0000', '\u001b[31m', '\r', '\t', 'ﷺ', 'Ⅻ', '\u2028'];

/** Alert shapes the recognizers know, as templates for a title. */
const TITLES = [
  (s: string) => `[FIRING:1] HighErrorRate (${s} prod critical)`,
  (s: string) => `[RESOLVED] HighErrorRate ${s}`,
  (s: string) => `[Alerting] ${s} latency p99 above 2s`,
  (s: string) => `Triggered: [P1] ${s} error rate is high`,
  (s: string) => `ALARM: "${s}-5xx" in US East (N. Virginia)`,
  (s: string) => `PROBLEM: ${s} is unavailable`,
  (s: string) => `${s} consumer lag is high`,
  (s: string) => s,
];

const SERVICES = ['checkout', 'orders-consumer', 'payments', 'kafka-broker'];

/** A fragment of hostile text: markup, odd Unicode, words, a service name, or a long run. */
export function hostileFragment(random: SeededRandom): string {
  const kind = random.int(0, 9);
  if (kind <= 3) return random.pick(MARKUP);
  if (kind <= 5) return random.pick(UNICODE);
  if (kind === 6) return random.pick(SERVICES);
  if (kind === 7) return random.pick(['a.', 'a', '<!here>', 'é', ' ']).repeat(random.pick([10, 500, 5000, 40_000]));
  if (kind === 8) return random.pick(['{"alerts": [', '{"status":"firing","labels":{"service":"', '```', '*bold*', '_it_', '~x~', '> quote', '• *service:* `']);
  return random.pick(['error', 'rate', 'high', 'on', 'since', '10:02', 'UTC', 'service:', 'severity: critical']);
}

/** Hostile text: a few fragments joined by spaces or newlines. */
export function hostileText(random: SeededRandom, maxFragments = 8): string {
  return Array.from({ length: random.int(1, maxFragments) }, () => hostileFragment(random)).join(random.pick([' ', '\n', '', ' \n ']));
}

/** An alert-looking title with hostile text inside. */
export function hostileTitle(random: SeededRandom): string {
  const service = random.chance(0.6) ? random.pick(SERVICES) : hostileText(random, 3);
  return `${random.pick(TITLES)(service)}${random.chance(0.7) ? ` ${hostileText(random, 4)}` : ''}`;
}

function richText(random: SeededRandom, depth: number): Record<string, unknown> {
  if (depth <= 0 || (depth <= 6 && random.chance(0.3))) return random.chance(0.8) ? { type: 'text', text: hostileText(random, 3) } : { type: 'link', url: 'https://evil.example', text: hostileText(random, 2) };
  return { type: random.pick(['rich_text_section', 'rich_text_list', 'rich_text_quote']), elements: Array.from({ length: depth > 6 ? 1 : random.int(1, 3) }, () => richText(random, depth - 1)) };
}

/** A Block Kit block with hostile text, sometimes deeply nested or of the wrong shape. */
export function hostileBlock(random: SeededRandom): unknown {
  switch (random.int(0, 6)) {
    case 0:
      return { type: 'section', text: { type: 'mrkdwn', text: hostileTitle(random) } };
    case 1:
      return { type: 'section', fields: Array.from({ length: random.int(0, 12) }, () => ({ type: 'mrkdwn', text: `*${hostileText(random, 2)}:* ${hostileText(random, 2)}` })) };
    case 2:
      return { type: 'context', elements: [{ type: 'mrkdwn', text: hostileText(random) }, { type: 'image', image_url: 'https://evil.example/x.png', alt_text: hostileText(random, 2) }] };
    case 3:
      return { type: 'rich_text', elements: [richText(random, random.pick([2, 8, 200]))] };
    case 4:
      return { type: 'header', text: { type: 'plain_text', text: hostileTitle(random) } };
    case 5:
      return random.pick<unknown>([null, 7, 'text', [], { type: 'section', text: 'not an object' }, { type: 'section', text: { text: 42 } }]);
    default:
      return { type: 'divider' };
  }
}

/** An attachment as alerting tools post them, with hostile fields (and blocks nested in it). */
export function hostileAttachment(random: SeededRandom): unknown {
  if (random.chance(0.05)) return random.pick<unknown>([null, 'x', 1, [[]]]);
  const attachment: Record<string, unknown> = { color: random.pick(['danger', 'good', '#FF0000', '#2eb886', 'warning', '', 'not-a-colour']) };
  if (random.chance(0.8)) attachment.title = hostileTitle(random);
  if (random.chance(0.4)) attachment.title_link = random.pick(['https://grafana.example/d/1', 'https://evil.example|click here', '<!here>', 'javascript:alert(1)']);
  if (random.chance(0.8)) attachment.text = hostileText(random, 12);
  if (random.chance(0.3)) attachment.pretext = hostileText(random, 3);
  if (random.chance(0.5)) attachment.fallback = hostileTitle(random);
  if (random.chance(0.4)) attachment.fields = Array.from({ length: random.int(0, 8) }, () => ({ title: hostileText(random, 2), value: hostileText(random, 3), short: true }));
  if (random.chance(0.3)) attachment.blocks = Array.from({ length: random.int(0, 6) }, () => hostileBlock(random));
  if (random.chance(0.2)) attachment.footer = hostileText(random, 2);
  return attachment;
}

/** A Slack message as an alert sender posts it: text, attachments and blocks, all hostile. */
export function hostileAlertMessage(random: SeededRandom): Record<string, unknown> {
  const message: Record<string, unknown> = {};
  const shape = random.int(0, 3);
  if (shape !== 1) message.text = random.chance(0.7) ? `${hostileTitle(random)}\n${hostileText(random, 10)}` : random.pick(['', hostileText(random), '{"status": "firing", "alerts": [{"labels": {"service": "<!here>"']);
  if (shape !== 0) message.attachments = Array.from({ length: random.pick([0, 1, 1, 2, 30]) }, () => hostileAttachment(random));
  if (shape === 3 || random.chance(0.2)) message.blocks = Array.from({ length: random.pick([0, 1, 3, 60]) }, () => hostileBlock(random));
  return message;
}
