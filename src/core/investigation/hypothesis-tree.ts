import type { HypothesisDraft } from '../ports/reasoner';
import type { Hypothesis, HypothesisStatus } from './hypothesis-schema';

const OPEN: ReadonlySet<HypothesisStatus> = new Set(['proposed']);

/**
 * The hypothesis tree of one investigation. Ids are hierarchical (H2.1 is the first child of H2)
 * so a human can refer to any node in chat. The tree only stores and navigates; the loop decides.
 */
export class HypothesisTree {
  private readonly nodes = new Map<string, Hypothesis>();
  private readonly roots: string[] = [];

  add(parentId: string | null, draft: HypothesisDraft, options: { requested?: boolean } = {}): Hypothesis {
    const parent = parentId === null ? undefined : this.require(parentId);
    const siblings = parent ? parent.children : this.roots;
    const id = parent ? `${parent.id}.${siblings.length + 1}` : `H${siblings.length + 1}`;
    const node: Hypothesis = {
      id,
      parentId,
      statement: draft.statement,
      kind: draft.kind,
      subject: draft.subject,
      faultType: draft.faultType,
      status: 'proposed',
      priority: Math.min(1, Math.max(0, draft.priority)),
      depth: parent ? parent.depth + 1 : 1,
      evidenceIds: [],
      children: [],
      rationale: draft.rationale,
      ...(options.requested ? { requested: true } : {}),
    };
    this.nodes.set(id, node);
    siblings.push(id);
    return node;
  }

  /**
   * Puts back a node as a journal recorded it (id, parent and fields), when an interrupted
   * investigation resumes; its children are restored after it.
   */
  restore(hypothesis: Hypothesis): Hypothesis {
    if (this.nodes.has(hypothesis.id)) return this.require(hypothesis.id);
    const node: Hypothesis = { ...hypothesis, status: 'proposed', evidenceIds: [], children: [] };
    this.nodes.set(node.id, node);
    if (node.parentId === null) this.roots.push(node.id);
    else this.require(node.parentId).children.push(node.id);
    return node;
  }

  get(id: string): Hypothesis | undefined {
    return this.nodes.get(id);
  }

  require(id: string): Hypothesis {
    const node = this.nodes.get(id);
    if (!node) throw new Error(`unknown hypothesis ${id}`);
    return node;
  }

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  size(): number {
    return this.nodes.size;
  }

  /** All nodes in depth-first order (H1, H1.1, H1.2, H2…). */
  all(): Hypothesis[] {
    const out: Hypothesis[] = [];
    const visit = (id: string): void => {
      const node = this.require(id);
      out.push(node);
      node.children.forEach(visit);
    };
    this.roots.forEach(visit);
    return out;
  }

  descendants(id: string): Hypothesis[] {
    return this.require(id).children.flatMap((child) => [this.require(child), ...this.descendants(child)]);
  }

  ancestors(id: string): Hypothesis[] {
    const out: Hypothesis[] = [];
    let node = this.require(id);
    while (node.parentId !== null) {
      node = this.require(node.parentId);
      out.unshift(node);
    }
    return out;
  }

  update(id: string, patch: Partial<Hypothesis>): Hypothesis {
    const node = { ...this.require(id), ...patch };
    this.nodes.set(id, node);
    return node;
  }

  /** True when the node or one of its ancestors was vetoed. */
  isPruned(id: string): boolean {
    const node = this.require(id);
    return node.status === 'vetoed' || this.ancestors(id).some((a) => a.status === 'vetoed');
  }

  /**
   * An existing node about the same thing (kind and subject) anywhere in the tree: one idea is
   * tested once, wherever it first came up.
   */
  findSimilar(draft: HypothesisDraft): Hypothesis | undefined {
    return [...this.nodes.values()].find(
      (node) =>
        node.kind === draft.kind &&
        node.subject.service === draft.subject.service &&
        (node.subject.component ?? '') === (draft.subject.component ?? '') &&
        (node.subject.instance ?? '') === (draft.subject.instance ?? ''),
    );
  }

  /**
   * The next siblings to test together: the open node a person asked for, else the one with the
   * highest priority (shallower first on ties), and up to `limit − 1` of its open siblings.
   */
  nextBatch(limit: number): Hypothesis[] {
    const open = this.all().filter((node) => OPEN.has(node.status) && !this.isPruned(node.id));
    if (open.length === 0) return [];
    open.sort((a, b) => Number(b.requested ?? false) - Number(a.requested ?? false) || b.priority - a.priority || a.depth - b.depth || compareIds(a.id, b.id));
    const first = open[0];
    const siblings = open.filter((node) => node.parentId === first.parentId);
    return siblings.slice(0, Math.max(1, limit));
  }
}

function compareIds(a: string, b: string): number {
  const pa = a.slice(1).split('.').map(Number);
  const pb = b.slice(1).split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}
