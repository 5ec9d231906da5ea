import type { HypothesisTree } from './hypothesis-tree';
import type { ReasonerSteering, SteeringCommand } from './steering-schema';

export interface SteeringResult {
  effect: string;
  /** Hypotheses whose status changed. */
  changed: string[];
  stop: boolean;
  /** A human note to hand to the reasoner. */
  note?: string;
  /** A confirmed hypothesis that must now be explored deeper. */
  explore?: string;
  /** A request the reasoner turns into hypotheses (a focus, a hypothesis to add, a reported change). */
  reasoner?: ReasonerSteering;
}



/**
 * Applies one human decision to the tree. A veto prunes the node and every open descendant; a
 * confirmation marks the node so it is explored even when the statistics stay inconclusive.
 * Unknown hypothesis ids are reported as an effect, never thrown: a typo in chat must not crash.
 */
export function applySteering(tree: HypothesisTree, command: SteeringCommand): SteeringResult {
  switch (command.type) {
    case 'stop':
      return { effect: `investigation stopped by ${command.by}`, changed: [], stop: true };
    case 'note':
      return { effect: `note from ${command.by} passed to the reasoner`, changed: [], stop: false, note: command.text };
    case 'veto': {
      const node = tree.get(command.hypothesisId);
      if (!node) return { effect: `no hypothesis ${command.hypothesisId}; veto ignored`, changed: [], stop: false };
      const pruned = tree.descendants(node.id).filter((d) => d.status === 'proposed' || d.status === 'testing');
      tree.update(node.id, { status: 'vetoed' });
      for (const d of pruned) tree.update(d.id, { status: 'vetoed', finding: `pruned: ancestor ${node.id} vetoed by ${command.by}` });
      const tail = pruned.length > 0 ? `; ${pruned.length} open sub-hypotheses pruned` : '';
      return { effect: `${node.id} vetoed by ${command.by}; branch not explored further${tail}`, changed: [node.id, ...pruned.map((d) => d.id)], stop: false };
    }
    case 'focus': {
      const where = [command.service, command.window ? `${command.window.start} → ${command.window.end}` : undefined].filter(Boolean).join(', ');
      const open = command.service ? tree.all().filter((h) => h.status === 'proposed' && h.subject.service === command.service && !tree.isPruned(h.id)) : [];
      // Open hypotheses about the service are tested before the reasoner's other ideas.
      for (const node of open) tree.update(node.id, { requested: true });
      const tail = open.length > 0 ? `; ${open.length} open hypotheses about it moved first` : '';
      return { effect: `focus on ${where || 'the thread\'s request'} requested by ${command.by}${tail}`, changed: open.map((h) => h.id), stop: false, reasoner: command };
    }
    case 'add-hypothesis':
      return { effect: `${command.by} asked to test ${command.kind} on ${command.service}`, changed: [], stop: false, reasoner: command };
    case 'change':
      return {
        effect: `${command.by} reported a ${command.category} change on ${command.service} at ${command.changedAt} ("${command.description}"); it will be tested like a recorded change`,
        changed: [],
        stop: false,
        reasoner: command,
      };
    case 'confirm': {
      const node = tree.get(command.hypothesisId);
      if (!node) return { effect: `no hypothesis ${command.hypothesisId}; confirmation ignored`, changed: [], stop: false };
      if (tree.isPruned(node.id)) return { effect: `${node.id} is in a vetoed branch; confirmation ignored`, changed: [], stop: false };
      const judged = node.status !== 'proposed' && node.status !== 'testing';
      tree.update(node.id, { status: judged ? 'confirmed' : node.status });
      return {
        effect: judged ? `${node.id} confirmed by ${command.by}; exploring deeper causes` : `${node.id} confirmed by ${command.by}; will be explored after its test`,
        changed: [node.id],
        stop: false,
        explore: judged && node.children.length === 0 ? node.id : undefined,
      };
    }
  }
}
