import type { RcaView } from '../thread-view/rca-view';
import { escapeMrkdwn, sectionBlocks, type SlackBlock } from './block-kit-limits';
import { percent } from './hypothesis-blocks';
import { slackSafeText, slackUserMention } from './slack-safe-text';
import { alertLinkLine } from './slack-links';

/**
 * The blocks of the final RCA message: conclusion and summary, the causal chain, what was ruled
 * out and why, human decisions, open questions and data gaps. Long sections become several
 * blocks; the full report (evidence and queries to reproduce) is the uploaded Markdown file.
 */
export function reportBlocks(report: RcaView): SlackBlock[] {
  const conclusion = report.abstained
    ? `📝 *RCA: no root cause named* — the evidence is not strong enough (confidence ${percent(report.confidence)}).` +
      (report.bestLead ? `\n*Best lead:* ${escapeMrkdwn(report.bestLead.service)} (${report.bestLead.faultType}, ${percent(report.bestLead.confidence)}) — ${report.bestLead.hypothesisId}` : '')
    : `📝 *RCA: root cause identified* (confidence ${percent(report.confidence)})`;
  const links = alertLinkLine(report.alertLinks);
  const blocks: SlackBlock[] = [
    ...sectionBlocks(`${conclusion}\n*Alert:* ${escapeMrkdwn(report.alertTitle)}${links ? `\n*From the alert:* ${links}` : ''}`),
    ...sectionBlocks(escapeMrkdwn(report.summary)),
  ];
  // The root cause's chart (uploaded just before) under the summary; the others are in the thread.
  const chart = report.charts.find((c) => c.fileId);
  if (chart?.fileId) blocks.push({ type: 'image', slack_file: { id: chart.fileId }, alt_text: chart.title.slice(0, 1900), title: { type: 'plain_text', text: chart.title.slice(0, 1900) } } as SlackBlock);
  if (report.narrative.length > 0) {
    const lines = report.narrative.map((n) => `• _${n.stance === 'cause' ? 'cause' : 'ruled out'} · ${[...n.hypothesisIds, ...n.evidenceIds].join(', ')}_ ${escapeMrkdwn(n.text)}`);
    blocks.push(...sectionBlocks(`*In words* (written by the language model, each line checked against the verdicts)\n${lines.join('\n')}`));
  }
  const chain = report.causalChain.map((link, index) => {
    const label = link.hypothesisId === null ? 'Symptom' : `${link.hypothesisId} (${link.status}${link.confidence === null ? '' : `, ${percent(link.confidence)}`})`;
    return `${index + 1}. *${label}* ${escapeMrkdwn(link.service)}: ${escapeMrkdwn(link.statement)}${link.finding ? ` — ${escapeMrkdwn(link.finding)}` : ''}`;
  });
  blocks.push({ type: 'divider' }, ...sectionBlocks(`*Causal chain*\n${chain.join('\n')}`));
  if (report.rejected.length > 0) {
    const rejected = report.rejected.map((r) => `• *${r.hypothesisId}* ${r.status}: ${escapeMrkdwn(r.statement)} — ${escapeMrkdwn(r.reason)}`);
    blocks.push(...sectionBlocks(`*Ruled out*\n${rejected.join('\n')}`));
  }
  if (report.decisions.length > 0) {
    const decisions = report.decisions.map((d) => `• ${slackUserMention(d.by)} ${d.type}${d.hypothesisId ? ` ${d.hypothesisId}` : ''}${d.text ? `: "${escapeMrkdwn(d.text)}"` : ''} → ${escapeMrkdwn(d.effect)}`);
    blocks.push(...sectionBlocks(`*Human decisions*\n${decisions.join('\n')}`));
  }
  const open = [...report.openQuestions.map((q) => `• ${escapeMrkdwn(q)}`), ...report.dataGaps.map((g) => `• data gap: ${escapeMrkdwn(g)}`)];
  if (open.length > 0) blocks.push(...sectionBlocks(`*Open questions*\n${open.join('\n')}`));
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text:
          (report.reportFile
            ? `📎 The full report (every query, its statistics and how to reproduce it) is attached in this thread as ${fileMention(report.reportFile, report.reportLink)}` +
              (report.charts.length > 0 ? `, with ${report.charts.length === 1 ? 'a chart' : `${report.charts.length} charts`} of the key series` : '')
            : `The full report could not be attached here; \`causa export ${report.investigationId}\` writes it`) +
          ' · ' +
          `investigation \`${report.investigationId}\` · ${report.queries} queries · stopped: ${escapeMrkdwn(report.stopReason)}` +
          modelSummary(report) +
          ` · ${report.contentHash.slice(0, 19)}…`,
      },
    ],
  });
  return blocks;
}

function modelSummary(report: RcaView): string {
  const model = report.model;
  if (!model) return '';
  const fallbacks = model.fallbacks > 0 ? `, ${model.fallbacks} offline fallbacks` : '';
  const dropped = model.droppedClaims > 0 ? `, ${model.droppedClaims} claims dropped` : '';
  return ` · language model: ${model.calls} calls, ${model.tokens} tokens${fallbacks}${dropped}`;
}

/** Notification text of the RCA message. */
export function reportText(report: RcaView): string {
  const text = report.abstained ? `RCA for ${report.alertTitle}: no root cause named` : `RCA for ${report.alertTitle}: ${report.summary}`;
  // Cut before escaping, so no entity is cut in half.
  return slackSafeText(text.slice(0, 3000));
}

/** The report's file name, linked to the file itself when Slack gave its permalink (the broadcast then carries it). */
function fileMention(name: string, link: string | undefined): string {
  const code = `\`${escapeMrkdwn(name)}\``;
  return link && /^https:\/\/[^\s<>|]+$/.test(link) ? `<${link}|${code}>` : code;
}
