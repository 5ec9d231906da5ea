import { z } from 'zod';
import { plainFinding } from './plain-finding';
import { AlertLinkSchema, alertLinks } from '../../core/alerts/alert-links';
import {
  CausalLinkSchema,
  NarrativeSentenceSchema,
  RejectedHypothesisSchema,
  ReportCauseSchema,
  ReportDecisionSchema,
  type Report,
} from '../../core/report/report-schema';

/**
 * The RCA as a chat message shows it: the conclusion, the causal chain, what was ruled out, the
 * human decisions, open questions and how the investigation ran. The full report (evidence and the
 * queries to reproduce it) travels as an attached file.
 */
export const RcaViewSchema = z.object({
  investigationId: z.string().min(1),
  /** The alert's title (untrusted text). */
  alertTitle: z.string(),
  abstained: z.boolean(),
  confidence: z.number().min(0).max(1),
  bestLead: ReportCauseSchema.nullable(),
  summary: z.string(),
  narrative: z.array(NarrativeSentenceSchema),
  causalChain: z.array(CausalLinkSchema),
  rejected: z.array(RejectedHypothesisSchema),
  decisions: z.array(ReportDecisionSchema),
  openQuestions: z.array(z.string()),
  dataGaps: z.array(z.string()),
  queries: z.number().int().nonnegative(),
  stopReason: z.string(),
  /** Language-model use, when a model was called. */
  model: z.object({ calls: z.number(), tokens: z.number(), fallbacks: z.number(), droppedClaims: z.number() }).nullable(),
  contentHash: z.string(),
  /** The runbook, dashboard, silence… links the alert itself carried (see `alertLinks`). */
  alertLinks: z.array(AlertLinkSchema),
  /** File name of the full Markdown report attached beside the RCA; null when it could not be attached. */
  reportFile: z.string().nullable(),
  /** Where the chat shows the attached report (Slack's permalink of the file), so the channel broadcast links to it. */
  reportLink: z.string().url().optional(),
  /** Charts attached with the RCA (uploaded files), when any were drawn. */
  charts: z.array(z.object({ fileName: z.string(), title: z.string(), fileId: z.string().optional() })).default([]),
});
export type RcaView = z.infer<typeof RcaViewSchema>;

/** File name of the attached Markdown report; a revision (version > 1) carries its version. */
export function reportFileName(investigationId: string, version = 1): string {
  return version > 1 ? `causa-rca-${investigationId}-v${version}.md` : `causa-rca-${investigationId}.md`;
}

/**
 * The RCA view of a finished report; findings and reasons in plain words (the statistics stay in
 * the report). `version` names the attached file; `charts` are the charts attached with it.
 */
export function rcaView(report: Report, options: { version?: number; charts?: RcaView['charts']; attached?: boolean; reportLink?: string } = {}): RcaView {
  const reasoning = report.reasoning;
  return {
    investigationId: report.investigationId,
    alertTitle: report.alert.title,
    abstained: report.abstained,
    confidence: report.confidence,
    bestLead: report.bestLead,
    summary: plainFinding(report.summary),
    narrative: report.narrative,
    causalChain: report.causalChain.map((link) => ({ ...link, finding: plainFinding(link.finding, undefined, report.alert.firedAt) })),
    rejected: report.rejected.map((r) => ({ ...r, reason: plainFinding(r.reason) })),
    decisions: report.decisions,
    openQuestions: report.openQuestions.map((q) => plainFinding(q)),
    dataGaps: report.dataGaps,
    queries: report.evidence.length,
    stopReason: report.budget.stopReason,
    model: reasoning
      ? { calls: reasoning.calls, tokens: reasoning.inputTokens + reasoning.outputTokens, fallbacks: reasoning.fallbacks.length, droppedClaims: reasoning.droppedClaims.length }
      : null,
    contentHash: report.contentHash,
    alertLinks: alertLinks(report.alert.text),
    reportFile: options.attached === false ? null : reportFileName(report.investigationId, options.version),
    ...(options.attached !== false && options.reportLink ? { reportLink: options.reportLink } : {}),
    charts: options.charts ?? [],
  };
}
