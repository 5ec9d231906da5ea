import type { Alert } from '../../core/alerts/alert-schema';
import type { Evidence } from '../../core/investigation/evidence-schema';
import type { Hypothesis } from '../../core/investigation/hypothesis-schema';
import type { InvestigationEvent } from '../../core/investigation/investigation-events';
import type { Verdict } from '../../core/investigation/verdict-schema';

/** An investigation as its audit log tells it so far: for answering questions about it. */
export interface InvestigationRecordView {
  alert?: Alert;
  window?: { start: string; end: string };
  hypotheses: Map<string, Hypothesis & { verdict?: Verdict }>;
  evidence: Map<string, Evidence>;
  services: string[];
  finished: boolean;
  /** Evidence ids of queries run to answer questions, `Q1`, `Q2`… */
  questionQueries: number;
}

/** Folds an audit log into the view (the latest verdict and decision of each hypothesis). */
export function viewOfLog(events: readonly InvestigationEvent[]): InvestigationRecordView {
  const view: InvestigationRecordView = { hypotheses: new Map(), evidence: new Map(), services: [], finished: false, questionQueries: 0 };
  const services = new Set<string>();
  for (const event of events) {
    switch (event.type) {
      case 'investigation-started':
        view.alert = event.alert;
        view.window = event.window;
        if (event.alert.symptom.service) services.add(event.alert.symptom.service);
        break;
      case 'hypothesis-proposed':
        view.hypotheses.set(event.hypothesis.id, { ...event.hypothesis });
        services.add(event.hypothesis.subject.service);
        break;
      case 'query-finished': {
        view.evidence.set(event.evidence.id, event.evidence);
        if (/^Q\d+$/.test(event.evidence.id)) view.questionQueries += 1;
        const service = event.evidence.parameters.service;
        if (typeof service === 'string') services.add(service);
        const node = event.hypothesisId ? view.hypotheses.get(event.hypothesisId) : undefined;
        if (node && !node.evidenceIds.includes(event.evidence.id)) node.evidenceIds = [...node.evidenceIds, event.evidence.id];
        break;
      }
      case 'hypothesis-supported':
      case 'hypothesis-refuted':
      case 'hypothesis-inconclusive': {
        const node = view.hypotheses.get(event.verdict.hypothesisId);
        if (node && node.status !== 'vetoed' && node.status !== 'confirmed') {
          Object.assign(node, { status: event.verdict.outcome, confidence: event.verdict.confidence, finding: event.verdict.finding, verdict: event.verdict });
        } else if (node) node.verdict = event.verdict;
        break;
      }
      case 'steering-applied': {
        const { command } = event;
        if ((command.type === 'veto' || command.type === 'confirm') && !/ignored/.test(event.effect)) {
          const node = view.hypotheses.get(command.hypothesisId);
          if (node) node.status = command.type === 'veto' ? 'vetoed' : 'confirmed';
        }
        break;
      }
      case 'report-ready':
      case 'investigation-failed':
        view.finished = true;
        break;
      default:
        break;
    }
  }
  view.services = [...services].sort();
  return view;
}
