import type { Hypothesis } from '../../core/investigation/hypothesis-schema';
import type { InvestigationContext, JudgementDraft, ReportedChange } from '../../core/ports/reasoner';
import { effectOf, precedenceFactor, PRECEDENCE_TOLERANCE_SECONDS } from './relation-factors';
import type { SessionState } from './session-state';

/** Strength of a change that the changed service's own anomaly followed (as for a recorded deploy). */
const CHANGE_STRENGTH = 0.9;

/** The subject component that ties a hypothesis to the reported change it tests. */
export function reportedChangeLabel(change: Pick<ReportedChange, 'changedAt' | 'category'>): string {
  return `${change.category} reported for ${change.changedAt}`;
}

/** The reported change a hypothesis was proposed for, if any. */
export function reportedChangeOf(hypothesis: Hypothesis, context: InvestigationContext): ReportedChange | undefined {
  if (hypothesis.kind !== 'deploy-change' && hypothesis.kind !== 'config-change') return undefined;
  return [...context.reportedChanges].reverse().find((c) => c.service === hypothesis.subject.service && reportedChangeLabel(c) === hypothesis.subject.component);
}

/**
 * Judges a change people reported in chat like a recorded deploy: it explains the problem only
 * when the changed service's own signals started changing at or after it, and it came before the
 * effect it should explain. The recorded telemetry test (`base`) runs first and keeps its queries;
 * the report cites the chat record and the telemetry that followed the change.
 */
export function judgeReportedChange(hypothesis: Hypothesis, parent: Hypothesis | undefined, change: ReportedChange, base: JudgementDraft, state: SessionState): JudgementDraft {
  const changedAt = Math.floor(Date.parse(change.changedAt) / 1000);
  const effect = effectOf(hypothesis, state, parent);
  const after = (state.triage.byService.get(change.service) ?? [])
    .filter((f) => f.onset !== undefined && f.onset >= changedAt - PRECEDENCE_TOLERANCE_SECONDS)
    .sort((a, b) => b.strength - a.strength)[0];
  const anomaly = after ? CHANGE_STRENGTH * after.strength : 0;
  const precedence = precedenceFactor(changedAt, effect.onset);
  const reported = `${change.by} reported a ${change.category} of ${change.service} at ${change.changedAt} ("${change.description}")`;
  const followed = after ? `; afterwards ${after.detail}` : `; no signal of ${change.service} started changing after it`;
  const late = precedence < 0.3 ? `; but it comes after the effect it should explain (${new Date(effect.onset * 1000).toISOString()})` : '';
  if (base.factors.anomaly > anomaly) return { ...base, evidenceIds: [change.evidenceId, ...base.evidenceIds] };
  return {
    factors: { ...base.factors, anomaly, precedence, coverage: Math.max(base.factors.coverage, after ? 1 : 0), specificity: after ? base.factors.specificity : 0.5 },
    finding: `${reported}${followed}${late}`,
    evidenceIds: [change.evidenceId, ...(after?.evidenceIds ?? []), ...base.evidenceIds],
    onset: changedAt,
    magnitude: after ? Math.round(after.score * 1000) / 1000 : undefined,
    faultType: base.faultType,
  };
}
