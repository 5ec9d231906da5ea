import type { InvestigationEvent } from './investigation-events';
import type { Hypothesis } from './hypothesis-schema';
import type { SteeringCommand } from './steering-schema';

/** A human decision taken during an earlier look, with the hypothesis it was about (for 👍/👎). */
export interface CarriedDecision {
  command: SteeringCommand;
  hypothesis?: Pick<Hypothesis, 'kind' | 'subject'>;
}

/**
 * The decisions of an audit log that a follow-up look must honour: every applied command but
 * `stop`, each veto or confirm with the hypothesis it named (ids are per look; the hypothesis is
 * found again by kind and subject).
 */
export function decisionsToCarry(events: readonly InvestigationEvent[]): CarriedDecision[] {
  const proposed = new Map<string, Pick<Hypothesis, 'kind' | 'subject'>>();
  const carried: CarriedDecision[] = [];
  for (const event of events) {
    if (event.type === 'investigation-started') proposed.clear();
    if (event.type === 'hypothesis-proposed') proposed.set(event.hypothesis.id, { kind: event.hypothesis.kind, subject: event.hypothesis.subject });
    if (event.type !== 'steering-applied' || event.command.type === 'stop') continue;
    const { command } = event;
    if (command.type === 'veto' || command.type === 'confirm') {
      const hypothesis = proposed.get(command.hypothesisId);
      if (hypothesis) carried.push({ command, hypothesis });
    } else carried.push({ command });
  }
  return carried;
}

/** Hands carried decisions to a new look: general ones first, 👍/👎 once their hypothesis is proposed again. */
export class CarriedDecisionQueue {
  private readonly general: SteeringCommand[];
  private readonly bySubject: CarriedDecision[];
  private readonly ready: SteeringCommand[] = [];

  constructor(decisions: readonly CarriedDecision[]) {
    this.general = decisions.filter((d) => !d.hypothesis).map((d) => d.command);
    this.bySubject = decisions.filter((d) => d.hypothesis);
  }

  /** A hypothesis was proposed: the carried decisions about the same cause now apply to its id. */
  proposed(node: Hypothesis): void {
    for (let i = this.bySubject.length - 1; i >= 0; i--) {
      const { command, hypothesis } = this.bySubject[i];
      if (!hypothesis || !sameCause(hypothesis, node) || (command.type !== 'veto' && command.type !== 'confirm')) continue;
      this.bySubject.splice(i, 1);
      this.ready.unshift({ ...command, hypothesisId: node.id });
    }
  }

  /** The commands to apply now, oldest first. */
  take(): SteeringCommand[] {
    return [...this.general.splice(0), ...this.ready.splice(0)];
  }
}

function sameCause(a: Pick<Hypothesis, 'kind' | 'subject'>, b: Pick<Hypothesis, 'kind' | 'subject'>): boolean {
  return (
    a.kind === b.kind &&
    a.subject.service === b.subject.service &&
    (a.subject.component ?? '') === (b.subject.component ?? '') &&
    (a.subject.instance ?? '') === (b.subject.instance ?? '')
  );
}
