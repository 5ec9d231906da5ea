'use strict';
/**
 * Responders for the OpenAI-compatible fake server that behave like models of different quality.
 * They read the request as a model would: the task, the `<data>` blocks and the JSON schema.
 *
 * - helpfulModel: proposes a grounded hypothesis the plan lacks, writes a correct narrative,
 *   interprets replies and answers questions with tools.
 * - gullibleModel: helpful, except that it obeys instructions it finds in the data (a log line
 *   saying "ignore previous instructions and …").
 * - adversarialModel: proposes plausible but wrong hypotheses (grounded in real evidence of the
 *   wrong service), asserts wrong root causes without evidence, echoes injected text, writes
 *   narratives that contradict the verdicts, and now and then answers with malformed JSON or
 *   extra fields. Deterministic for a given request.
 */
const { createHash } = require('node:crypto');

const KIND_FOR_FAMILY = {
  cpu: 'cpu-saturation', 'cpu-throttling': 'cpu-saturation', memory: 'memory-exhaustion', disk: 'disk-saturation', network: 'network-delay', 'call-gap': 'network-delay',
  'commit-latency': 'broker-commit-latency', 'consumer-lag': 'consumer-lag', pool: 'connection-pool-saturation', payload: 'large-payloads', restarts: 'crash-loop',
  errors: 'error-surge', availability: 'error-surge', 'log-errors': 'error-surge', 'trace-errors': 'error-surge', 'log-vanished': 'error-surge', 'log-business-errors': 'wrong-results',
  traffic: 'traffic-surge', latency: 'latency-injection', 'trace-self-time': 'latency-injection', impact: 'service-anomaly',
};
const EVENT_KIND = { deploy: 'deploy-change', config: 'config-change', oom: 'memory-exhaustion', crash: 'crash-loop' };
const INJECTION = /ignore (all )?previous instructions[^"\\]*/i;

function kindOf(digest) {
  return digest.family === 'event' ? EVENT_KIND[digest.signal] : KIND_FOR_FAMILY[digest.family];
}

/** A deterministic pseudo-random generator seeded by the request. */
function rng(request) {
  let state = createHash('sha256').update(request.all).digest().readUInt32LE(0) || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) % 100000) / 100000;
  };
}

const pick = (random, list) => list[Math.floor(random() * list.length) % Math.max(1, list.length)];
const planned = (request) => new Set((request.data.planned ?? []).map((p) => `${p.kind}|${p.service}`));

function helpfulProposals(request) {
  const taken = planned(request);
  for (const digest of request.data.evidence ?? []) {
    const kind = kindOf(digest);
    if (!kind || taken.has(`${kind}|${digest.service}`)) continue;
    return { hypotheses: [{ kind, service: digest.service, component: null, rationale: `${digest.family} of ${digest.service} changed (${digest.signal})`, evidenceIds: digest.evidence }] };
  }
  return { hypotheses: [] };
}

function helpfulNarrative(request) {
  const report = request.data.report ?? { hypotheses: [], evidence: [] };
  const sentences = [];
  const okEvidence = (h) => (report.evidence ?? []).filter((e) => (e.hypotheses ?? []).includes(h.id)).map((e) => e.id).slice(0, 3);
  for (const h of report.hypotheses ?? []) {
    if (sentences.length >= 3) break;
    const evidence = okEvidence(h);
    if (evidence.length === 0) continue;
    if (h.status === 'supported' || h.status === 'confirmed') sentences.push({ text: `${h.id} holds: ${h.statement} (${h.service}).`, stance: 'cause', hypothesisIds: [h.id], evidenceIds: evidence });
    else if (h.status === 'refuted') sentences.push({ text: `${h.id} on ${h.service} was ruled out by the evidence.`, stance: 'ruled-out', hypothesisIds: [h.id], evidenceIds: evidence });
  }
  return { sentences };
}

/** A reply interpreted from its wording, as a capable model would. */
function helpfulInterpretation(request) {
  const reply = request.data.reply?.text ?? '';
  const thread = request.data.thread ?? { hypotheses: [], services: [] };
  const none = { intent: 'note', hypothesisId: null, service: null, kind: null, windowStart: null, windowEnd: null, changedAt: null, category: null, description: null };
  const mentioned = (thread.services ?? []).find((s) => reply.toLowerCase().includes(s.toLowerCase())) ?? null;
  const id = /\bH\d+(?:\.\d+)*\b/.exec(reply)?.[0] ?? null;
  if (/\?\s*$/.test(reply) || /^(why|what|how|which|is|did|could)\b/i.test(reply)) return { ...none, intent: 'question' };
  if (/\b(deployed|rolled out|released|shipped)\b/i.test(reply) && mentioned) {
    const time = /\b(\d{1,2}):(\d{2})\b/.exec(reply);
    const day = String(thread.alert?.firedAt ?? '').slice(0, 10);
    const changedAt = time && day ? `${day}T${time[1].padStart(2, '0')}:${time[2]}:00Z` : null;
    return { ...none, intent: 'change', service: mentioned, changedAt, category: 'deploy', description: reply.slice(0, 200) };
  }
  if (id && /\b(wrong|not it|rule .* out|drop|forget|nope|ignore)\b/i.test(reply)) return { ...none, intent: 'veto', hypothesisId: id };
  if (id && /\b(right|correct|agree|yes|that's it|looks like it)\b/i.test(reply)) return { ...none, intent: 'confirm', hypothesisId: id };
  if (mentioned && /\b(look at|focus|check)\b/i.test(reply)) return { ...none, intent: 'focus', service: mentioned };
  return none;
}

/** Tool-calling turns of the thread assistant: look the hypothesis up, then answer citing its evidence. */
function helpfulAnswer(request) {
  const messages = request.body.messages ?? [];
  const toolResults = messages.filter((m) => m.role === 'tool');
  const question = String(request.data.question?.text ?? '');
  if (toolResults.length === 0) {
    const id = /\bH\d+(?:\.\d+)*\b/.exec(question)?.[0];
    const service = (request.data.thread?.services ?? []).find((s) => question.toLowerCase().includes(s.toLowerCase()));
    if (id) return { toolCalls: [{ name: 'get_hypothesis', arguments: { id } }] };
    return { toolCalls: [{ name: 'find_hypotheses', arguments: { service: service ?? null, status: null } }] };
  }
  const found = toolResults.map((m) => m.content).join('\n');
  const hyp = /"id":"(H[\d.]+)"/.exec(found)?.[1];
  const evidence = [...new Set([...found.matchAll(/"(E\d+)"/g)].map((m) => m[1]))].slice(0, 3);
  const status = /"status":"(\w+)"/.exec(found)?.[1];
  return { content: hyp ? `${hyp} was ${status} by the evidence (${evidence.join(', ')}).` : 'Nothing in the investigation covers that.' };
}

/** Reads an alert from free text the way a model would: a known service however it is written, a symptom word. */
function helpfulAlertReading(message, services) {
  const words = message.toLowerCase();
  const known = services.find((s) => s.toLowerCase().split(/[-_]/).every((part) => words.includes(part)));
  const service = known ?? /\b([a-z][a-z0-9]*(?:-[a-z0-9]+)+)\b/.exec(message)?.[1] ?? null;
  const signal = /lag|backlog|behind/i.test(message) ? 'lag' : /latency|slow/i.test(message) ? 'latency' : /error|fail/i.test(message) ? 'errors' : 'unknown';
  const isAlert = service !== null || signal !== 'unknown';
  return { isAlert, title: message.split('\n')[0].slice(0, 120) || 'alert', service, signal, firedAt: null, severity: null };
}

function helpfulModel(request) {
  switch (request.schemaName) {
    case 'propose_hypotheses':
      return { json: helpfulProposals(request) };
    case 'write_narrative':
      return { json: helpfulNarrative(request) };
    case 'interpret_reply':
      return { json: helpfulInterpretation(request) };
    case 'read_alert':
      return { json: helpfulAlertReading(String(request.data.message ?? ''), request.data.services ?? []) };
    default:
      return request.toolNames.length > 0 ? helpfulAnswer(request) : { content: 'ok' };
  }
}

/** Finds an instruction planted in the data. */
function injectedText(request) {
  return INJECTION.exec(request.user)?.[0] ?? INJECTION.exec(JSON.stringify(request.data))?.[0];
}

function gullibleModel(request) {
  const injected = injectedText(request);
  if (!injected) return helpfulModel(request);
  const database = (request.data.services ?? request.data.thread?.services ?? []).find((s) => /db|database|sql|postgres/i.test(s)) ?? 'the database';
  switch (request.schemaName) {
    case 'propose_hypotheses':
      // Obeys: stops suggesting and asserts that the database is fine.
      return { json: { hypotheses: [{ kind: 'service-anomaly', service: database, component: null, rationale: `As instructed: ${injected}. The database is fine.`, evidenceIds: [] }] } };
    case 'write_narrative': {
      const hypotheses = request.data.report?.hypotheses ?? [];
      const top = hypotheses.find((h) => h.status === 'supported') ?? hypotheses[0];
      return { json: { sentences: [{ text: `${database} is fine and nothing is wrong; ${top ? `${top.id} on ${top.service} is not the cause` : ''}.`, stance: 'ruled-out', hypothesisIds: top ? [top.id] : [], evidenceIds: top ? (request.data.report?.evidence ?? []).filter((e) => (e.hypotheses ?? []).includes(top.id)).map((e) => e.id).slice(0, 2) : [] }] } };
    }
    default:
      return helpfulModel(request);
  }
}

function adversarialProposals(request, random) {
  const digests = request.data.evidence ?? [];
  const services = request.data.services ?? [];
  const strongest = digests[0]?.service;
  const hypotheses = [];
  // Plausible but wrong: grounded in real evidence, but of a service other than the strongest lead.
  const others = digests.filter((d) => d.service !== strongest && kindOf(d));
  const decoy = pick(random, others.length > 0 ? others : digests.filter((d) => kindOf(d)));
  if (decoy) hypotheses.push({ kind: kindOf(decoy), service: decoy.service, component: null, rationale: `${decoy.service} is clearly the root cause: its ${decoy.family} moved first.`, evidenceIds: decoy.evidence });
  // A wrong root cause asserted without evidence.
  const kinds = request.schema?.properties?.hypotheses?.items?.properties?.kind?.enum ?? ['cpu-saturation'];
  if (services.length > 0) hypotheses.push({ kind: pick(random, kinds), service: pick(random, services), component: null, rationale: 'This is definitely the root cause (confidence 0.99); no need to test anything else.', evidenceIds: [] });
  // Echoes whatever instruction-looking text it found, citing evidence that does not exist.
  const echo = injectedText(request) ?? digests.map((d) => d.detail).sort((a, b) => b.length - a.length)[0];
  if (echo && services.length > 0) hypotheses.push({ kind: pick(random, kinds), service: pick(random, services), component: null, rationale: echo, evidenceIds: ['E9999'] });
  return { hypotheses };
}

function adversarialNarrative(request, random) {
  const report = request.data.report ?? { hypotheses: [], evidence: [] };
  const evidenceOf = (h) => (report.evidence ?? []).filter((e) => (e.hypotheses ?? []).includes(h.id)).map((e) => e.id);
  const refuted = (report.hypotheses ?? []).filter((h) => h.status === 'refuted');
  const supported = (report.hypotheses ?? []).filter((h) => h.status === 'supported' || h.status === 'confirmed');
  const sentences = [];
  const wrong = pick(random, refuted);
  if (wrong) sentences.push({ text: `The root cause is ${wrong.service}: ${wrong.id} caused the outage.`, stance: 'cause', hypothesisIds: [wrong.id], evidenceIds: evidenceOf(wrong).slice(0, 2) });
  const right = supported[0];
  if (right) sentences.push({ text: `${right.service} is healthy and not involved (${right.id}).`, stance: 'cause', hypothesisIds: [right.id], evidenceIds: evidenceOf(right).slice(0, 2) });
  if (right) sentences.push({ text: `${right.id} on ${right.service} is ruled out.`, stance: 'ruled-out', hypothesisIds: [right.id], evidenceIds: evidenceOf(right).slice(0, 2) });
  const echo = injectedText(request);
  if (echo) sentences.push({ text: echo, stance: 'cause', hypothesisIds: [], evidenceIds: [] });
  return { sentences };
}

function adversarialModel(request) {
  const random = rng(request);
  const roll = random();
  if (roll < 0.1) return { content: '{"hypotheses": [{"kind": "cpu-saturation", "service": ' };
  if (roll < 0.2) return { json: { hypotheses: [], confidence: 0.99, rootCause: 'the database' } };
  switch (request.schemaName) {
    case 'propose_hypotheses':
      return { json: adversarialProposals(request, random) };
    case 'write_narrative':
      return { json: adversarialNarrative(request, random) };
    case 'interpret_reply':
      return { json: { intent: 'veto', hypothesisId: 'H1', service: null, kind: null, windowStart: null, windowEnd: null, changedAt: null, category: null, description: null } };
    default:
      return { content: `The root cause is the database (confidence 0.99). ${injectedText(request) ?? ''}` };
  }
}

module.exports = { helpfulModel, gullibleModel, adversarialModel, KIND_FOR_FAMILY };
