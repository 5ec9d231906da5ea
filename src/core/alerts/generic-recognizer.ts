import type { AlertDraft, AlertMessage, AlertRecognizer } from './alert-message';
import { looksLikeServiceName, serviceFromText } from './service-name';
import { detectSignal } from './symptom-extractor';

/**
 * Fallback for messages that are clearly alerts from a tool without its own recognizer
 * ("🚨 FIRING: p99 latency 2.4s > 1s on checkout-api", "orders-worker OOMKilled"). Conservative
 * by design: a message that is not an alert must not start an investigation, so it needs a
 * service, a symptom, and either an alert marker or a measured value against a limit.
 */
export const genericRecognizer: AlertRecognizer = {
  source: 'generic',
  recognize: recognizeGeneric,
};

const MAX_LENGTH = 20_000;
// Upper-case status words and Kubernetes failure reasons that people rarely type in passing.
const ALERT_MARKER = /\b(FIRING|ALERT|ALARM|CRITICAL|TRIGGERED|PROBLEM|DOWN|RESOLVED|RECOVERED|OOMKilled|CrashLoopBackOff)\b|:rotating_light:|🚨|:red_circle:|:fire:|🔥/;
// A number standing on its own ("2.4s", "> 1000", "97%"), not one inside a name like p99.
const MEASUREMENT = /(?:^|[\s=:(<>])\d+(?:\.\d+)?\s*(?:%|ms|s|sec|seconds|x|[kmg]i?b)?(?=[\s,;)]|\.(?!\d)|$)/i;
const COMPARISON = /(?:>=|<=|>|<|\babove\b|\bbelow\b|\bexceed\w*|\bthreshold\b|\bobjective\b|\bover\b)/i;
const RESOLVED = /\b(RESOLVED|RECOVERED)\b|^\s*\[?resolved\]?\s*:/i;
const PAIR = /\b([A-Za-z_][\w.]*)\s*=\s*"?([^\s",}]+)"?/g;

function recognizeGeneric(message: AlertMessage): AlertDraft | null {
  const text = message.lines.join('\n').trim();
  if (text === '' || text.length > MAX_LENGTH) return null;
  const marker = ALERT_MARKER.test(message.raw);
  const question = /\?\s*$/.test(text) || /^(hey|hi|hello|can|could|does|do|is|are|why|what|how|anyone|has)\b/i.test(text);
  if (question && !marker) return null;

  const labels = readPairs(text);
  const service = labels.service ?? serviceFromText(text) ?? firstServiceToken(text);
  const signal = detectSignal([text]);
  if (!service || signal === 'unknown') return null;
  const measured = MEASUREMENT.test(text) && COMPARISON.test(text);
  if (!marker && !measured) return null;

  const title = message.headline.slice(0, 200);
  // Numbers vary between postings of the same alert; they are not part of its name.
  const name = title.replace(/-?\d+(?:\.\d+)?/g, '#');
  return {
    source: 'generic',
    status: RESOLVED.test(message.headline) ? 'resolved' : 'firing',
    title,
    name,
    labels: labels.service ? labels : { ...labels, service },
    descriptions: message.lines.slice(1).filter((line) => line.trim() !== '').slice(0, 5),
    count: 1,
  };
}

function readPairs(text: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const match of text.replace(/\S+:\/\/\S+/g, '').matchAll(PAIR)) pairs[match[1]] ??= match[2];
  return pairs;
}

function firstServiceToken(text: string): string | undefined {
  return text.split(/[\s,;()[\]{}"'`]+/).map((token) => token.replace(/[.:!]+$/, '')).find(looksLikeServiceName);
}
