import type { Alert } from '../alerts/alert-schema';
import type { Thresholds } from '../investigation/budget-schema';
import type { Hypothesis } from '../investigation/hypothesis-schema';
import type { CausalLink, ReportCause, ReportEvidence } from './report-schema';

/** What the narrative parts of a report are written from. */
export interface NarrativeFacts {
  alert: Alert;
  abstained: boolean;
  top: ReportCause | null;
  /** The top candidate's finding, when it has one. */
  topFinding: string | null;
  causalChain: CausalLink[];
  /** Hypotheses with confidence and finding resolved from their verdicts. */
  hypotheses: Hypothesis[];
  /** Ids of vetoed nodes and everything below them. */
  vetoedBranch: ReadonlySet<string>;
  evidence: ReportEvidence[];
  rejectedCount: number;
  thresholds: Thresholds;
  stopReason: string;
}

/** "0.724" → "72%". */
export function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/** Trims and ends the text with a full stop unless it already ends a sentence. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function symptomSentence(alert: Alert): string {
  const where = alert.symptom.service ? ` on ${alert.symptom.service}` : '';
  const signal = alert.symptom.signal === 'unknown' ? '' : ` (${alert.symptom.signal})`;
  return `Alert "${alert.title}" fired at ${alert.firedAt}${where}${signal}.`;
}

/**
 * Two to four plain sentences: the symptom; then the deepest supported cause with its confidence,
 * or the abstention and the best lead.
 */
export function writeSummary(facts: NarrativeFacts): string {
  const parts = [symptomSentence(facts.alert)];
  const top = facts.top;
  if (top && !facts.abstained) {
    const path = facts.causalChain.filter((l) => l.hypothesisId !== null).map((l) => l.hypothesisId);
    const via = path.length > 1 ? `, reached via ${path.join(' → ')}` : '';
    parts.push(
      `The deepest supported cause is ${top.service}: ${top.statement.trim().replace(/[.]$/, '')} ` +
        `(fault type ${top.faultType}, confidence ${percent(top.confidence)})${via}.`,
    );
  } else if (top) {
    parts.push(
      `The evidence is insufficient to name a root cause: the best candidate reaches ${percent(top.confidence)}, ` +
        `below the ${percent(facts.thresholds.abstainBelow)} bar.`,
    );
    parts.push(`Best lead: ${top.service}: ${sentence(top.statement)}`);
  } else {
    const tested = facts.hypotheses.filter((h) => h.status !== 'proposed' && h.status !== 'testing').length;
    parts.push(
      `The evidence is insufficient to name a root cause: none of the ${tested} hypotheses judged was supported.`,
    );
  }
  if (top && facts.topFinding) parts.push(`Evidence: ${sentence(facts.topFinding)}`);
  else if (facts.rejectedCount > 0) parts.push(`${facts.rejectedCount} hypotheses were ruled out.`);
  return parts.slice(0, 4).join(' ');
}

/**
 * Questions the investigation leaves open: inconclusive nodes, nodes never tested before it
 * stopped, and, when it abstains, which data would settle it.
 */
export function writeOpenQuestions(facts: NarrativeFacts): string[] {
  const out: string[] = [];
  const live = facts.hypotheses.filter((h) => !facts.vetoedBranch.has(h.id));
  for (const h of live.filter((x) => x.status === 'inconclusive')) {
    out.push(`Does "${h.statement}" hold (${h.id})? The evidence was inconclusive: ${h.finding ?? 'no finding recorded'}`);
  }
  for (const h of live.filter((x) => x.status === 'proposed' || x.status === 'testing')) {
    out.push(`Never tested before the investigation stopped (${facts.stopReason}): "${h.statement}" (${h.id}).`);
  }
  if (facts.abstained) out.push(settlingQuestion(facts));
  return out;
}

function settlingQuestion(facts: NarrativeFacts): string {
  const lead = facts.top;
  if (!lead) {
    const service = facts.alert.symptom.service ?? 'the alerting service';
    return (
      `What else could explain "${facts.alert.title}"? No hypothesis was supported; telemetry on ${service} ` +
      'and its dependencies beyond what was queried (metrics, logs, traces, deploy history) would be needed.'
    );
  }
  const missing = facts.evidence.filter((e) => e.status !== 'ok' && e.hypothesisIds.includes(lead.hypothesisId));
  if (missing.length > 0) {
    const names = missing.map((e) => `${e.queryName} on ${e.sourceId}`).join(', ');
    return `What would settle "${lead.statement}" on ${lead.service}? These queries came back empty or failed: ${names}; fill those gaps and re-run.`;
  }
  return (
    `What would settle "${lead.statement}" on ${lead.service}? A longer baseline or finer-grained telemetry ` +
    `for ${lead.service} (its ${lead.faultType} signals around the alert) would confirm or refute it.`
  );
}

/** The data gaps passed in, then every query that returned no data or failed; no duplicates. */
export function writeDataGaps(given: readonly string[], evidence: readonly ReportEvidence[]): string[] {
  const out = [...given];
  for (const e of evidence) {
    if (e.status === 'no_data') out.push(`${e.id} ${e.queryName} (${e.sourceId}) returned no data (${e.finding})`);
    if (e.status === 'error') out.push(`${e.id} ${e.queryName} (${e.sourceId}) failed (${e.finding})`);
  }
  return [...new Set(out)];
}
