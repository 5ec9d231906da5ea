import type { Report } from '../../core/report/report-schema';
import type { Redactor } from './redactor';
import { clip, dataBlock, DATA_RULE } from './untrusted-data';

export const NARRATIVE_SYSTEM = [
  "You write the plain-language narrative of Causa's root-cause analysis for the engineers in the incident channel.",
  "The verdicts and confidences below were computed by Causa's statistics; you cannot change them. Say only what they say.",
  'Write at most 6 short sentences. Each sentence is about hypotheses of the report (cite their H… ids and name their service), rests on evidence collected for them (cite the E… ids), and has a stance:',
  '"cause" for a supported or confirmed hypothesis, "ruled-out" for a refuted or vetoed one. Sentences that disagree with the verdicts, or cite nothing, are discarded.',
  'Answer with JSON only, matching the schema.',
  DATA_RULE,
].join('\n');

const ITEMS = 8;

/** The facts of a finished report the narrative may use: verdicts, chain, rejected hypotheses and a few pieces of evidence. */
export function narrativePrompt(report: Report, redactor: Redactor): string {
  const chainIds = new Set(report.causalChain.map((l) => l.hypothesisId).filter((id): id is string => id !== null));
  const judged = report.hypotheses.filter((h) => h.status !== 'proposed' && h.status !== 'testing');
  const important = [...judged.filter((h) => chainIds.has(h.id)), ...judged.filter((h) => !chainIds.has(h.id)).sort((a, b) => (b.confidence ?? 0) - (a.confidence ?? 0))].slice(0, ITEMS);
  const cited = new Set(important.flatMap((h) => h.evidenceIds));
  const evidence = report.evidence.filter((e) => cited.has(e.id) && e.status === 'ok').slice(0, ITEMS * 2);
  const facts = {
    alert: clip(report.alert.title, 300),
    conclusion: report.abstained ? 'abstained: no root cause named' : 'root cause named',
    confidence: report.confidence,
    causalChain: report.causalChain.map((l) => ({ id: l.hypothesisId, service: l.service, statement: l.statement, status: l.status })),
    hypotheses: important.map((h) => ({ id: h.id, service: h.subject.service, statement: h.statement, status: h.status, confidence: h.confidence, finding: clip(h.finding ?? '', 240), evidence: h.evidenceIds.slice(0, 6) })),
    evidence: evidence.map((e) => ({ id: e.id, query: e.queryName, finding: clip(e.finding, 200), hypotheses: e.hypothesisIds })),
  };
  return ['Task: write the narrative of this root-cause analysis.', dataBlock('report', redactor.redactValue(facts))].join('\n\n');
}
