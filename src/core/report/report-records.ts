import type { Hypothesis } from '../investigation/hypothesis-schema';
import type { SteeringCommand } from '../investigation/steering-schema';
import type { Verdict } from '../investigation/verdict-schema';
import type { Evidence } from '../investigation/evidence-schema';
import { compareHypothesisIds } from './cause-ranking';
import type { RejectedHypothesis, ReportDecision, ReportEvidence } from './report-schema';

type Decision = { command: SteeringCommand; effect: string };

/** Evidence in collection order (first occurrence wins), each with every hypothesis citing it. */
export function reportEvidence(
  collected: ReadonlyArray<{ evidence: Evidence; hypothesisId: string | null }>,
  hypotheses: readonly Hypothesis[],
  verdicts: readonly Verdict[],
): ReportEvidence[] {
  const citedBy = new Map<string, Set<string>>();
  const cite = (evidenceId: string, hypothesisId: string | null): void => {
    const set = citedBy.get(evidenceId) ?? new Set<string>();
    if (hypothesisId !== null) set.add(hypothesisId);
    citedBy.set(evidenceId, set);
  };
  for (const item of collected) cite(item.evidence.id, item.hypothesisId);
  for (const h of hypotheses) h.evidenceIds.forEach((id) => cite(id, h.id));
  for (const v of verdicts) v.evidenceIds.forEach((id) => cite(id, v.hypothesisId));

  const seen = new Set<string>();
  const out: ReportEvidence[] = [];
  for (const { evidence: e } of collected) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    out.push({
      id: e.id,
      sourceId: e.sourceId,
      queryName: e.queryName,
      query: e.queryText,
      window: e.timeRange,
      status: e.status,
      finding: e.summary,
      hypothesisIds: [...(citedBy.get(e.id) ?? [])].sort(compareHypothesisIds),
      ...(e.links && e.links.length > 0 ? { links: e.links } : {}),
    });
  }
  return out;
}

/** A hypothesis citing evidence the record does not hold is a gap an auditor must see. */
export function missingEvidence(hypotheses: readonly Hypothesis[], evidence: readonly ReportEvidence[]): string[] {
  const known = new Set(evidence.map((e) => e.id));
  return hypotheses.flatMap((h) =>
    h.evidenceIds.filter((id) => !known.has(id)).map((id) => `${h.id} cites evidence ${id}, which is missing from the record`),
  );
}

/** Refuted nodes with their verdict's finding, vetoed nodes with who vetoed them. */
export function rejectedList(hypotheses: readonly Hypothesis[], decisions: readonly Decision[]): RejectedHypothesis[] {
  const out: RejectedHypothesis[] = [];
  for (const h of hypotheses) {
    if (h.status === 'refuted') {
      out.push({ hypothesisId: h.id, statement: h.statement, status: 'refuted', reason: h.finding ?? 'refuted; no finding recorded' });
    } else if (h.status === 'vetoed') {
      const veto = decisions
        .map((d) => d.command)
        .filter((c) => c.type === 'veto' && c.hypothesisId === h.id)
        .pop();
      out.push({ hypothesisId: h.id, statement: h.statement, status: 'vetoed', reason: veto ? `vetoed by ${veto.by}` : 'vetoed' });
    }
  }
  return out;
}

/** A steering command as the report shows it. */
export function reportDecision({ command, effect }: Decision): ReportDecision {
  return {
    at: command.at,
    by: command.by,
    type: command.type,
    hypothesisId: command.type === 'confirm' || command.type === 'veto' ? command.hypothesisId : null,
    text: decisionText(command),
    effect,
  };
}

function decisionText(command: Decision['command']): string | null {
  switch (command.type) {
    case 'note':
      return command.text;
    case 'focus':
    case 'add-hypothesis':
      return command.text || null;
    case 'change':
      return `${command.description} (${command.category} at ${command.changedAt})`;
    default:
      return null;
  }
}
