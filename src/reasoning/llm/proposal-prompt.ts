import type { Alert } from '../../core/alerts/alert-schema';
import type { Hypothesis } from '../../core/investigation/hypothesis-schema';
import type { HypothesisDraft } from '../../core/ports/reasoner';
import type { EvidenceDigest } from './evidence-digest';
import { hypothesisKindsText } from './hypothesis-kinds-text';
import type { Redactor } from './redactor';
import { clip, dataBlock, DATA_RULE } from './untrusted-data';

const ALERT_TEXT_LENGTH = 800;

export const PROPOSAL_SYSTEM = [
  'You help Causa, an incident investigator, decide which root-cause hypotheses to test.',
  "Causa tests every hypothesis itself with statistics on the telemetry; you never judge one, never give a confidence, and never name a root cause.",
  'Suggest only hypotheses that are not already planned, about services that appear in the data, of the listed kinds, each citing the ids of evidence digests about that same service that suggest it. Suggestions without such evidence are discarded.',
  'Answer with JSON only, matching the schema. An empty list is a good answer when nothing else is worth testing.',
  DATA_RULE,
].join('\n');

/** What a proposal prompt is built from. */
export interface ProposalFacts {
  alert: Alert;
  services: readonly string[];
  planned: ReadonlyArray<Pick<HypothesisDraft, 'kind' | 'subject' | 'statement'>>;
  /** For a decomposition: the supported hypothesis and its ancestors, root first. */
  underTest?: { hypothesis: Hypothesis; ancestors: readonly Hypothesis[] };
  digests: readonly EvidenceDigest[];
}

/**
 * The user message of a proposal call. The task is fixed text chosen by the kind of call; every
 * value from the alert or the telemetry (service names included) is redacted and sent as data.
 */
export function proposalPrompt(facts: ProposalFacts, redactor: Redactor): string {
  const task = facts.underTest
    ? 'Task: the hypothesis under test below was supported by the evidence. Suggest up to 3 deeper causes of it (possibly in the services it calls) that are not already planned.'
    : 'Task: suggest up to 3 root-cause hypotheses for the alert below that are not already planned.';
  const blocks: string[] = [
    task,
    `Hypothesis kinds:\n${hypothesisKindsText()}`,
    'The alert:',
    dataBlock('alert', redactor.redactValue({ title: clip(facts.alert.title, 300), service: facts.alert.symptom.service ?? null, signal: facts.alert.symptom.signal, firedAt: facts.alert.firedAt, text: clip(facts.alert.text, ALERT_TEXT_LENGTH) })),
    'The services:',
    dataBlock('services', redactor.redactValue([...facts.services])),
    'Already planned (do not repeat):',
    dataBlock('planned', redactor.redactValue(facts.planned.map((d) => ({ kind: d.kind, service: d.subject.service, statement: d.statement })))),
  ];
  if (facts.underTest) {
    const { hypothesis: h, ancestors } = facts.underTest;
    blocks.push(
      'The hypothesis under test, and the one-line statements of its ancestors (root first):',
      dataBlock('under-test', redactor.redactValue({ id: h.id, kind: h.kind, service: h.subject.service, statement: h.statement, status: h.status, confidence: h.confidence ?? null, finding: clip(h.finding ?? '', 300), ancestors: ancestors.map((a) => `${a.id}: ${a.statement}`) })),
    );
  }
  blocks.push('Evidence digests chosen by Causa\'s analyzers (cite their "evidence" ids):', dataBlock('evidence', redactor.redactValue(facts.digests)));
  return blocks.join('\n\n');
}
