import { HYPOTHESIS_CATALOG } from './hypothesis-catalog';
import type { ReasonerSteering } from '../../core/investigation/steering-schema';
import type { HypothesisDraft, InvestigationContext } from '../../core/ports/reasoner';
import { draft, ownDrafts } from './draft-builder';
import { isConnected } from './relation-factors';
import { reportedChangeLabel } from './reported-change-test';
import type { SessionState } from './session-state';
import { resolveService } from './triage';

/** People's requests are tested before the reasoner's own ideas. */
const REQUESTED_PRIORITY = 0.95;
/** A time focus suggests at most this many services (strongest onsets inside it first). */
const WINDOW_FOCUS_SERVICES = 3;

/**
 * Turns a structured request from chat into hypotheses: a focus on a service (its own suspected
 * causes, or that its trouble reaches the symptom), a focus on a period (the services whose
 * signals started changing then, and the changes recorded then), a hypothesis someone asked for,
 * or a change someone reported (tested against the service's signals after it).
 */
export function interpretSteering(request: ReasonerSteering, context: InvestigationContext, state: SessionState): HypothesisDraft[] {
  const by = request.by;
  switch (request.type) {
    case 'add-hypothesis': {
      const service = resolveService(context, request.service) ?? request.service;
      return [draft(request.kind, { service }, REQUESTED_PRIORITY, `requested by ${by}${request.text ? `: "${request.text}"` : ''}`)];
    }
    case 'change': {
      const service = resolveService(context, request.service) ?? request.service;
      const kind = request.category === 'deploy' ? 'deploy-change' : 'config-change';
      const change = { ...request, service };
      return [
        {
          ...draft(kind, { service, component: reportedChangeLabel(change) }, REQUESTED_PRIORITY, `reported by ${by}: ${request.description}`),
          statement: `the ${request.category} change ${by} reported on ${service} at ${request.changedAt} ("${request.description}") introduced the problem`,
        },
      ];
    }
    case 'focus': {
      const drafts: HypothesisDraft[] = [];
      const service = resolveService(context, request.service);
      if (service) drafts.push(...serviceDrafts(service, state, `${by} asked to focus on ${service}`));
      if (request.window) drafts.push(...windowDrafts(request.window, state, by));
      return drafts;
    }
  }
}

function serviceDrafts(service: string, state: SessionState, rationale: string): HypothesisDraft[] {
  const { triage } = state;
  const own = ownDrafts(service, triage, REQUESTED_PRIORITY).map((d) => ({ ...d, rationale: `${rationale}; ${d.rationale}` }));
  const symptom = triage.symptomService;
  const downstream = symptom && symptom !== service && triage.graph && isConnected(triage.graph, service) && triage.graph.hasPath(symptom, service);
  if (downstream) own.push(draft(triage.symptomSignal === 'errors' || triage.symptomSignal === 'availability' ? 'downstream-errors' : 'downstream-latency', { service }, REQUESTED_PRIORITY, rationale));
  if (own.length === 0) own.push(draft('service-anomaly', { service }, REQUESTED_PRIORITY, `${rationale}; no signal of it stood out in the triage`));
  return own;
}

function windowDrafts(window: { start: string; end: string }, state: SessionState, by: string): HypothesisDraft[] {
  const from = Date.parse(window.start) / 1000;
  const to = Date.parse(window.end) / 1000;
  const inside = (seconds: number): boolean => seconds >= from && seconds <= to;
  const { triage } = state;
  const strongest = new Map<string, number>();
  for (const finding of triage.findings) {
    if (finding.onset === undefined || !inside(finding.onset)) continue;
    strongest.set(finding.service, Math.max(strongest.get(finding.service) ?? 0, finding.strength));
  }
  const services = [...strongest.entries()].sort((a, b) => b[1] - a[1]).slice(0, WINDOW_FOCUS_SERVICES).map(([service]) => service);
  const rationale = `${by} asked to focus on ${window.start} → ${window.end}`;
  const drafts = services.flatMap((service) => serviceDrafts(service, state, `${rationale}; ${service} started changing then`));
  for (const event of triage.events.filter((e) => (e.category === 'deploy' || e.category === 'config') && inside(Date.parse(e.event.ts) / 1000))) {
    const kind = event.category === 'deploy' ? 'deploy-change' : 'config-change';
    drafts.push(draft(kind, { service: event.event.service }, REQUESTED_PRIORITY, `${rationale}; ${HYPOTHESIS_CATALOG[kind].statement({ service: event.event.service })} at ${event.event.ts}`));
  }
  return drafts;
}
