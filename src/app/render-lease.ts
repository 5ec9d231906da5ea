import type { InvestigationStore } from '../core/ports/investigation-store';

/** How long a process keeps drawing an investigation after its last event before another may take it over. */
export const RENDER_LEASE_MS = 30_000;
/** A lease this close to lapsing counts as lapsed: another process may have drawn in the meantime. */
const LEASE_MARGIN_MS = 5_000;
/** How many investigations' surfaces and leases are kept at hand. */
const MAX_KNOWN = 5_000;

/** What a renderer follower is (see EventLogFollower). */
export interface RenderLeaseOptions {
  /** The chat surface drawn (`slack`, `teams`): only investigations whose thread is there are followed. */
  surface: string;
  /** This process, as the lease's owner. */
  owner: string;
  leaseMs?: number;
  clock?: () => number;
}

/** The outcome of taking the lease of one investigation. */
export type LeaseTaken =
  /** This process draws it; `drawnSeq` is how far it was drawn when this process was not drawing it just before (else 0). */
  | { state: 'taken'; drawnSeq: number }
  /** Another live process draws it. */
  | { state: 'elsewhere' }
  /** Its thread is on another surface (or it has none). */
  | { state: 'not-ours' };

/**
 * Which process of the fleet draws an investigation's thread, and how far it was drawn: a claim
 * renewed at each delivery (it lapses `leaseMs` after a process stops drawing, and another takes
 * over), and the seq of the last event drawn, both in the investigation store.
 */
export class RenderLease {
  private readonly surfaces = new Map<string, boolean>();
  /** Investigation → until when this process holds its lease for sure. */
  private readonly heldUntil = new Map<string, number>();
  private readonly leaseMs: number;
  private readonly clock: () => number;

  constructor(
    private readonly store: InvestigationStore,
    private readonly options: RenderLeaseOptions,
  ) {
    this.leaseMs = options.leaseMs ?? RENDER_LEASE_MS;
    this.clock = options.clock ?? Date.now;
  }

  async take(investigationId: string): Promise<LeaseTaken> {
    if (!(await this.ours(investigationId))) return { state: 'not-ours' };
    const now = this.clock();
    const continuous = (this.heldUntil.get(investigationId) ?? 0) > now + LEASE_MARGIN_MS;
    if (!(await this.store.claim(this.key(investigationId), this.leaseMs, this.options.owner, { renew: true }))) {
      this.heldUntil.delete(investigationId);
      return { state: 'elsewhere' };
    }
    this.remember(this.heldUntil, investigationId, now + this.leaseMs);
    return { state: 'taken', drawnSeq: continuous ? 0 : await this.drawnSeq(investigationId) };
  }

  /** Records that the events up to `seq` are drawn. */
  async drew(investigationId: string, seq: number): Promise<void> {
    await this.store.bindThread(this.cursor(investigationId), String(seq));
  }

  /** Releases the leases this process surely holds. */
  async releaseAll(): Promise<void> {
    const now = this.clock();
    const held = [...this.heldUntil].filter(([, until]) => until > now + LEASE_MARGIN_MS).map(([id]) => id);
    this.heldUntil.clear();
    for (const investigationId of held) await this.store.releaseClaim(this.key(investigationId));
  }

  forget(investigationId: string): void {
    this.heldUntil.delete(investigationId);
    this.surfaces.delete(investigationId);
  }

  private async drawnSeq(investigationId: string): Promise<number> {
    const value = Number(await this.store.findByThread(this.cursor(investigationId)));
    return Number.isInteger(value) && value > 0 ? value : 0;
  }

  private async ours(investigationId: string): Promise<boolean> {
    const known = this.surfaces.get(investigationId);
    if (known !== undefined) return known;
    const record = await this.store.get(investigationId);
    // Unknown yet (created a moment later, or gone): asked again next time.
    if (!record) return false;
    const ours = record.thread?.surface === this.options.surface;
    this.remember(this.surfaces, investigationId, ours);
    return ours;
  }

  private key(investigationId: string): string {
    return `render:${this.options.surface}:${investigationId}`;
  }

  private cursor(investigationId: string) {
    return { surface: `${this.options.surface}-drawn-seq`, channel: investigationId, threadId: 'seq' };
  }

  private remember<T>(map: Map<string, T>, key: string, value: T): void {
    map.delete(key);
    map.set(key, value);
    if (map.size > MAX_KNOWN) map.delete(map.keys().next().value as string);
  }
}
