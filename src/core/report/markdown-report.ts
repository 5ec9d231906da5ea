import { describeLocation } from '../investigation/code-location-schema';
import { bulletList, codeSpan, fencedBlock, markdownLink, table } from './markdown-syntax';
import { percent } from './report-narrative';
import type { Report, ReportHypothesis } from './report-schema';
import { ALERT_LINK_WORDS, alertLinks } from '../alerts/alert-links';

/** A chart written beside the Markdown file (`causa investigate --out`), shown in it by file name. */
export interface MarkdownChart {
  fileName: string;
  title: string;
}

const pct = (value: number | null): string => (value === null ? '—' : percent(value));
const range = (r: { start: string; end: string }): string => `${r.start} → ${r.end}`;
const oneLine = (text: string): string => text.replace(/\s*\r?\n\s*/g, ' ');

function header(report: Report): string {
  const lines = [
    `# Root-cause analysis: ${oneLine(report.alert.title)}`,
    '',
    `- Investigation: ${codeSpan(report.investigationId)} · reasoner ${codeSpan(report.reasoner)} · generated ${report.generatedAt}`,
    `- Alert: ${report.alert.source}, ${report.alert.status}, fired ${report.alert.firedAt}` +
      (report.alert.symptom.service ? ` on ${report.alert.symptom.service}` : ''),
    `- Window: ${range(report.window)}` + (report.baseline ? ` · baseline ${range(report.baseline)}` : ' · no baseline'),
    ...alertLinkLine(report),
    ...report.telemetryProblems.map((problem) => `- **Telemetry problem:** ${oneLine(problem)}`),
  ];
  return lines.join('\n');
}

/** The runbook, dashboard, silence… links the alert itself carried (never a URL from its free text). */
function alertLinkLine(report: Report): string[] {
  const links = alertLinks(report.alert.text);
  return links.length > 0 ? [`- Alert links: ${links.map((link) => markdownLink(ALERT_LINK_WORDS[link.kind], link.url)).join(' · ')}`] : [];
}

/** Charts as images by their file name (the files lie beside the report). */
function chartSection(charts: readonly MarkdownChart[]): string {
  return charts
    .filter((chart) => /^[\w.-]+\.png$/.test(chart.fileName))
    .map((chart) => `![${chart.title.replace(/[\\[\]]/g, '\\$&').replace(/\r?\n/g, ' ')}](${chart.fileName})`)
    .join('\n\n');
}

function conclusion(report: Report): string {
  if (!report.abstained) return `**Conclusion:** root cause identified, confidence ${percent(report.confidence)}.`;
  const lead = report.bestLead;
  return lead
    ? `**Conclusion:** abstained: the evidence is insufficient. Best lead: ${lead.service} (${lead.faultType}, ${percent(lead.confidence)}), ${lead.hypothesisId}: ${oneLine(lead.statement)}`
    : '**Conclusion:** abstained: the evidence is insufficient and no hypothesis was supported.';
}

function causalChain(report: Report): string {
  return report.causalChain
    .map((link, i) => {
      const label = link.hypothesisId === null ? 'Symptom' : `${link.hypothesisId} (${link.status}, ${pct(link.confidence)})`;
      const finding = link.finding ? ` — ${oneLine(link.finding)}` : '';
      return `${i + 1}. **${label}** ${link.service}: ${oneLine(link.statement)}${finding}`;
    })
    .join('\n');
}

function evidenceSection(report: Report): string {
  if (report.evidence.length === 0) return 'No queries were run.';
  const rows = report.evidence.map((e) => [
    e.id,
    e.sourceId,
    `${e.queryName}: ${codeSpan(oneLine(e.query))}`,
    range(e.window),
    e.status,
    e.finding,
    e.hypothesisIds.join(', '),
  ]);
  const reproduce = report.evidence.map(
    (e) =>
      `**${e.id}**: ${e.queryName} on ${codeSpan(e.sourceId)}, ${range(e.window)}` +
      (e.links && e.links.length > 0 ? ` · open in ${e.links.map((link) => markdownLink(link.label, link.url)).join(', ')}` : '') +
      `\n\n${fencedBlock(e.query)}`,
  );
  return [
    table(['ID', 'Source', 'Query', 'Window', 'Status', 'Finding', 'Hypotheses'], rows),
    '### Queries to reproduce',
    ...reproduce,
  ].join('\n\n');
}

function hypothesisTree(hypotheses: readonly ReportHypothesis[]): string {
  if (hypotheses.length === 0) return 'No hypotheses were proposed.';
  const minDepth = Math.min(...hypotheses.map((h) => h.depth));
  return hypotheses
    .map((h) => {
      const indent = '  '.repeat(Math.max(0, h.depth - minDepth));
      const finding = h.finding ? ` — ${oneLine(h.finding)}` : '';
      const cites = h.evidenceIds.length > 0 ? ` [${h.evidenceIds.join(', ')}]` : '';
      const why = h.factors ? `; ${factorList(h.factors)}` : '';
      const where = h.location ? ` (code: ${oneLine(describeLocation(h.location))})` : '';
      return `${indent}- **${h.id}** ${h.status} (${pct(h.confidence)}${why}) ${h.subject.service}, ${h.faultType}: ${oneLine(h.statement)}${finding}${where}${cites}`;
    })
    .join('\n');
}

/** The factors a confidence was computed from, in the order of the formula. */
function factorList(f: NonNullable<ReportHypothesis['factors']>): string {
  const n = (x: number) => x.toFixed(2);
  return `anomaly ${n(f.anomaly)} · timing ${n(f.precedence)} · topology ${n(f.topology)} · specificity ${n(f.specificity)} · coverage ${n(f.coverage)}`;
}

function budgetSection(report: Report): string {
  const { limits, used, stopReason } = report.budget;
  const rows = [
    ['Depth', String(used.depth), String(limits.maxDepth)],
    ['Hypotheses', String(used.hypotheses), String(limits.maxHypotheses)],
    ['Queries', String(used.queries), String(limits.maxQueries)],
    ['Time (ms)', String(Math.round(used.elapsedMs)), String(limits.deadlineMs)],
    ['Tokens', String(used.tokens), String(limits.maxTokens)],
  ];
  return `${table(['Budget', 'Used', 'Limit'], rows)}\n\nStopped because: ${oneLine(stopReason)}`;
}

function narrativeSection(report: Report): string {
  return bulletList(
    report.narrative.map((n) => `_${n.stance === 'cause' ? 'cause' : 'ruled out'} · ${[...n.hypothesisIds, ...n.evidenceIds].join(', ')}_ ${oneLine(n.text)}`),
  );
}

function reasoningSection(reasoning: NonNullable<Report['reasoning']>): string {
  const lines = [
    `- Model${reasoning.models.length === 1 ? '' : 's'}: ${reasoning.models.map(codeSpan).join(', ') || '—'}`,
    `- Calls: ${reasoning.calls} (${reasoning.failedCalls} failed) · tokens: ${reasoning.inputTokens} in, ${reasoning.outputTokens} out (from the responses' usage)`,
    `- Fell back to the offline reasoner: ${reasoning.fallbacks.length === 0 ? 'never' : reasoning.fallbacks.map((f) => `${f.stage} (${oneLine(f.reason)})`).join('; ')}`,
    `- Claims dropped for lack of evidence that passed the analyzers: ${reasoning.droppedClaims.length}`,
    ...reasoning.droppedClaims.map((d) => `  - ${d.stage}: "${oneLine(d.claim)}" — ${oneLine(d.reason)}`),
  ];
  return lines.join('\n');
}

/**
 * Renders a report as an audit-ready Markdown document: conclusion, causal chain, ranking,
 * timeline, every piece of evidence with its exact query, rejected hypotheses, human decisions,
 * budget, open questions, data gaps and the content hash. Nothing is truncated. `charts` are the
 * chart files written beside it, shown after the causal chain.
 */
export function renderMarkdown(report: Report, options: { charts?: readonly MarkdownChart[] } = {}): string {
  const located = report.ranking.some((r) => r.location);
  const ranking = report.ranking.length
    ? table(
        ['#', 'Service', 'Fault type', 'Confidence', 'Hypothesis', ...(located ? ['Code location'] : [])],
        report.ranking.map((r, i) => [
          String(i + 1),
          r.service,
          r.faultType,
          percent(r.confidence),
          `${r.hypothesisId}: ${r.statement}`,
          ...(located ? [r.location ? describeLocation(r.location) : '—'] : []),
        ]),
      )
    : 'No candidate root cause.';
  const timeline = report.timeline.length
    ? table(['Time', 'Service', 'What'], report.timeline.map((t) => [t.at, t.service || '—', t.what]))
    : 'No dated events.';
  const rejected = bulletList(
    report.rejected.map((r) => `**${r.hypothesisId}** (${r.status}) ${r.statement}: ${r.reason}`),
  );
  const decisions = report.decisions.length
    ? table(
        ['Time', 'By', 'Decision', 'Hypothesis', 'Note', 'Effect'],
        report.decisions.map((d) => [d.at, d.by, d.type, d.hypothesisId ?? '—', d.text ?? '—', d.effect]),
      )
    : 'None.';
  const sections: Array<[string, string]> = [
    ['Summary', `${report.summary}\n\n${conclusion(report)}`],
    ['Causal chain', causalChain(report)],
    ...(options.charts && options.charts.length > 0 ? [['Charts', chartSection(options.charts)] as [string, string]] : []),
    ['Ranking', ranking],
    ['Timeline', timeline],
    ['Evidence', evidenceSection(report)],
    ['Rejected hypotheses', rejected],
    ['Human decisions', decisions],
    ['Hypothesis tree', hypothesisTree(report.hypotheses)],
    ['Budget', budgetSection(report)],
    ['Open questions', bulletList(report.openQuestions)],
    ['Data gaps', bulletList(report.dataGaps)],
  ];
  if (report.narrative.length > 0) sections.splice(1, 0, ['Narrative (language model, checked against the verdicts)', narrativeSection(report)]);
  if (report.reasoning) sections.push(['Language model', reasoningSection(report.reasoning)]);
  const body = sections.map(([title, content]) => `## ${title}\n\n${content}`).join('\n\n');
  const footer = `---\n\nSchema ${codeSpan(report.schemaVersion)} · content hash ${codeSpan(report.contentHash)}`;
  return `${header(report)}\n\n${body}\n\n${footer}\n`;
}
