import { ALERT_LINK_WORDS } from '../../core/alerts/alert-links';
import type { RcaView } from '../thread-view';
import { adaptiveCard, type AdaptiveCard } from './adaptive-card';
import { clip, inertText, percent, textBlock } from './adaptive-text';
import { REPORT_VERB } from './report-file';

/**
 * The final RCA card: conclusion, summary, causal chain, what was ruled out, human decisions and
 * open questions. The full report (evidence with the queries to reproduce it) is a Markdown file:
 * in a channel or group chat the card asks for it (`fileAction`: Causa sends it in a 1:1 chat,
 * where bots can upload files); in a 1:1 chat the file's consent card follows the card.
 */
export function reportCard(report: RcaView, nameOf: (id: string) => string = (id) => id, options: { fileAction?: boolean; chart?: CardChart } = {}): AdaptiveCard {
  const conclusion = report.abstained
    ? `📝 **RCA: no root cause named**: the evidence is not strong enough (confidence ${percent(report.confidence)}).` +
      (report.bestLead ? ` Best lead: ${inertText(report.bestLead.service)} (${report.bestLead.faultType}, ${percent(report.bestLead.confidence)}), ${report.bestLead.hypothesisId}` : '')
    : `📝 **RCA: root cause identified** (confidence ${percent(report.confidence)})`;
  const body: Record<string, unknown>[] = [
    textBlock(conclusion, { size: 'Medium', weight: 'Bolder' }),
    textBlock(`**Alert:** ${inertText(report.alertTitle)}`),
    textBlock(inertText(clip(report.summary, 3000))),
  ];
  // The root cause's chart, inline: Teams cards show PNG data URIs (Adaptive Cards 1.2+).
  if (options.chart) body.push(cardImage(options.chart));
  const chain = report.causalChain.map((link, index) => {
    const label = link.hypothesisId === null ? 'Symptom' : `${link.hypothesisId} (${link.status}${link.confidence === null ? '' : `, ${percent(link.confidence)}`})`;
    return `${index + 1}. **${label}** ${inertText(link.service)}: ${inertText(clip(link.statement, 300))}${link.finding ? `: ${inertText(clip(link.finding, 400))}` : ''}`;
  });
  section(body, 'Causal chain', chain);
  section(body, 'Ruled out', report.rejected.slice(0, 15).map((r) => `• **${r.hypothesisId}** ${r.status}: ${inertText(clip(r.statement, 200))}, ${inertText(clip(r.reason, 300))}`));
  section(
    body,
    'Human decisions',
    report.decisions.map((d) => `• ${inertText(nameOf(d.by))} ${d.type}${d.hypothesisId ? ` ${d.hypothesisId}` : ''}${d.text ? `: "${inertText(clip(d.text, 300))}"` : ''} → ${inertText(d.effect)}`),
  );
  section(body, 'Open questions', [...report.openQuestions.map((q) => `• ${inertText(q)}`), ...report.dataGaps.map((g) => `• data gap: ${inertText(g)}`)].slice(0, 15));
  body.push(
    textBlock(`investigation ${inertText(report.investigationId)} · ${report.queries} queries · stopped: ${inertText(report.stopReason)} · ${report.contentHash.slice(0, 19)}…`, {
      isSubtle: true,
      size: 'Small',
    }),
  );
  const actions: Record<string, unknown>[] = alertLinkActions(report);
  if (options.fileAction) {
    const data = { investigationId: report.investigationId };
    const title = '📄 Send me the report file';
    actions.push({ type: 'Action.Execute', title, verb: REPORT_VERB, data, fallback: { type: 'Action.Submit', title, data: { ...data, causa: REPORT_VERB } } });
  }
  return actions.length === 0 ? adaptiveCard(body) : adaptiveCard(body, { actions });
}

/** A chart shown in the RCA card. */
export interface CardChart {
  png: Buffer;
  title: string;
}

/** An Adaptive Card image of a chart: a PNG data URI, its title as alt text. */
export function cardImage(chart: CardChart): Record<string, unknown> {
  return { type: 'Image', url: `data:image/png;base64,${chart.png.toString('base64')}`, altText: clip(chart.title, 500), size: 'Stretch' };
}

/** How many of the alert's links become buttons (Teams shows a handful of actions in a row). */
const MAX_LINK_ACTIONS = 4;

/**
 * The alert's own runbook, dashboard, silence… links as buttons, titled in Causa's words (never the
 * alert's label); only the http(s) URLs the alert carried (see `alertLinks`).
 */
function alertLinkActions(report: RcaView): Record<string, unknown>[] {
  return report.alertLinks
    .filter((link) => /^https?:\/\//i.test(link.url))
    .slice(0, MAX_LINK_ACTIONS)
    .map((link) => ({ type: 'Action.OpenUrl', title: ALERT_LINK_WORDS[link.kind], url: link.url }));
}

function section(body: Record<string, unknown>[], title: string, lines: string[]): void {
  if (lines.length === 0) return;
  body.push(textBlock(`**${title}**`, { spacing: 'Medium' }), textBlock(lines.join('\n\n')));
}

/** Notification text of the RCA message. */
export function reportSummary(report: RcaView): string {
  return inertText(report.abstained ? `RCA for ${report.alertTitle}: no root cause named` : clip(`RCA for ${report.alertTitle}: ${report.summary}`, 1000));
}
