import type { HypothesisView, ThreadView } from './thread-view-schema';

/** What a compact thread shows in one hypothesis message. */
export interface CompactMessage {
  /** Stable key of the message: the hypothesis it was first posted for. */
  key: string;
  /** The hypothesis the message is about now (its buttons and reactions act on it). */
  head: HypothesisView;
  /** From the message's first hypothesis down to `head`, when a deeper cause took the message over. */
  chain: HypothesisView[];
  /** Sub-hypotheses without a message of their own (ruled out, open, inconclusive), folded in here. */
  folded: HypothesisView[];
}

/** One step of the plan: post a new message or update an existing one, by key. */
export interface LayoutStep {
  action: 'post' | 'update';
  key: string;
}

const SHOWN = new Set(['supported', 'confirmed', 'inconclusive']);

/**
 * The compact thread layout: the status message carries the whole hypothesis board; a top-level
 * hypothesis gets its own message once it is judged anything but refuted (or a person confirms
 * it); a supported sub-hypothesis is a finding with its own message, and a deeper supported cause
 * takes over its parent's finding message (the chain is shown in it) rather than adding one. Every
 * other sub-hypothesis is folded into the message of its nearest ancestor that has one. Refuted
 * top-level hypotheses stay on the board only.
 *
 * `plan` is fed the ids whose view changed after each event and answers which messages to post or
 * update; the layout remembers which message shows what, so it is kept per thread.
 */
export class CompactLayout {
  /** Message key → current head hypothesis id. */
  private readonly heads = new Map<string, string>();
  /** Hypothesis id → key of the message it heads or is part of the chain of. */
  private readonly owners = new Map<string, string>();

  plan(view: ThreadView, changed: readonly string[]): LayoutStep[] {
    const steps: LayoutStep[] = [];
    const add = (step: LayoutStep): void => {
      if (step.action === 'update' && steps.some((s) => s.key === step.key)) return;
      steps.push(step);
    };
    const byId = new Map(view.hypotheses.map((h) => [h.id, h]));
    for (const id of changed) {
      const h = byId.get(id);
      if (!h) continue;
      const owner = this.owners.get(id);
      if (owner) {
        add({ action: 'update', key: owner });
        continue;
      }
      if (h.parentId === null) {
        if (SHOWN.has(h.state)) {
          this.heads.set(id, id);
          this.owners.set(id, id);
          add({ action: 'post', key: id });
        }
        continue;
      }
      if (h.state === 'supported' || h.state === 'confirmed') {
        const parentKey = this.owners.get(h.parentId);
        const parent = byId.get(h.parentId);
        // The parent's own finding message, not yet taken over by a sibling: the deeper cause takes it.
        if (parentKey && parent?.parentId !== null && this.heads.get(parentKey) === h.parentId) {
          this.heads.set(parentKey, id);
          this.owners.set(id, parentKey);
          add({ action: 'update', key: parentKey });
        } else {
          this.heads.set(id, id);
          this.owners.set(id, id);
          add({ action: 'post', key: id });
        }
        continue;
      }
      const host = this.hostOf(h, byId);
      if (host) add({ action: 'update', key: host });
    }
    return steps;
  }

  /** The hypothesis a message's buttons and reactions act on now. */
  headOf(key: string): string | undefined {
    return this.heads.get(key);
  }

  /** Everything one message shows now. */
  message(view: ThreadView, key: string): CompactMessage | undefined {
    const byId = new Map(view.hypotheses.map((h) => [h.id, h]));
    const headId = this.heads.get(key);
    const head = headId ? byId.get(headId) : undefined;
    if (!head) return undefined;
    const chain = view.hypotheses.filter((h) => this.owners.get(h.id) === key && h.id !== head.id);
    const folded = view.hypotheses.filter((h) => !this.owners.has(h.id) && h.parentId !== null && this.hostOf(h, byId) === key);
    return { key, head, chain: [...chain, head], folded };
  }

  /** Key of the message a sub-hypothesis without a message of its own is folded into. */
  private hostOf(h: HypothesisView, byId: ReadonlyMap<string, HypothesisView>): string | undefined {
    let parentId = h.parentId;
    while (parentId) {
      const owner = this.owners.get(parentId);
      if (owner) return owner;
      parentId = byId.get(parentId)?.parentId ?? null;
    }
    return undefined;
  }
}
