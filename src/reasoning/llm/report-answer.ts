import type { Hypothesis } from '../../core/investigation/hypothesis-schema';
import type { CheckedAnswer } from './thread-answer';
import type { InvestigationRecordView } from './investigation-record';

const percent = (value: number | undefined): string => (value === undefined ? 'not judged yet' : `${Math.round(value * 100)}%`);

/**
 * An answer built from the record alone, for when the model is unavailable or its answer was
 * dropped: what the investigation found about the hypotheses or services the question names (or
 * about its leading hypothesis), with the evidence ids.
 */
export function answerFromRecord(question: string, view: InvestigationRecordView): CheckedAnswer {
  const all = [...view.hypotheses.values()];
  const ids = new Set((question.match(/\bH\d+(?:\.\d+)*\b/gi) ?? []).map((id) => id.toUpperCase()));
  const lower = question.toLowerCase();
  const services = view.services.filter((s) => lower.includes(s.toLowerCase()));
  let about = all.filter((h) => ids.has(h.id) || services.includes(h.subject.service));
  let preface = '';
  if (about.length === 0) {
    const lead = all.filter((h) => h.status === 'supported' || h.status === 'confirmed').sort((a, b) => (b.confidence ?? 0) - (a.confidence ?? 0) || b.depth - a.depth)[0];
    about = lead ? [lead] : [];
    preface = ids.size > 0 || services.length > 0 ? 'This investigation has no hypothesis about that. ' : '';
  }
  if (about.length === 0) return { text: `${preface}No hypothesis has been supported so far.`, evidenceIds: [], hypothesisIds: [] };
  const lines = about.slice(0, 4).map((h) => describe(h, view));
  const evidenceIds = [...new Set(about.slice(0, 4).flatMap((h) => okEvidence(h, view)))];
  return { text: `${preface}${lines.join(' ')}`, evidenceIds, hypothesisIds: about.slice(0, 4).map((h) => h.id) };
}

function okEvidence(h: Hypothesis, view: InvestigationRecordView): string[] {
  return h.evidenceIds.filter((id) => view.evidence.get(id)?.status === 'ok').slice(0, 4);
}

function describe(h: Hypothesis, view: InvestigationRecordView): string {
  const evidence = okEvidence(h, view);
  const finding = h.finding ? `: ${h.finding}` : '';
  return `${h.id} (${h.statement}) is ${h.status}, confidence ${percent(h.confidence)}${finding}${evidence.length ? ` [${evidence.join(', ')}]` : ''}.`;
}
