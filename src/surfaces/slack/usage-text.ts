/** What `/causa help` and an unrecognized mention answer. */
export const SLACK_USAGE = [
  '*Causa* investigates alerts: it forms root-cause hypotheses, tests them against telemetry and posts an RCA.',
  '• `@Causa investigate <alert text>` — investigate an alert pasted after the command',
  '• `@Causa investigate` in the thread of an alert — investigate that alert',
  '• `/causa investigate <alert text>`, `/causa status`, `/causa help`',
  '• In an investigation thread: 👍/👎 (or the buttons) on a hypothesis confirm or veto it; a reply is a note for the investigation; `stop` stops it; `veto H2` / `confirm H1.1` work too.',
  '• With the language model on (`reasoner.type: llm`): ask questions in the thread ("why not the database?") and steer in your own words ("H2 is not it", "we deployed pricing at 10:02").',
].join('\n');

/** Removes user/bot mentions (`<@U123>`) and the leading `investigate` verb; returns the rest. */
export function mentionArguments(text: string): { verb: string; rest: string } {
  const plain = text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ').trim();
  const match = /^(investigate|help|status)\b[:\s]*/i.exec(plain);
  return match ? { verb: match[1].toLowerCase(), rest: plain.slice(match[0].length).trim() } : { verb: '', rest: plain };
}
