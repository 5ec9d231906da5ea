import type { Alert } from '../core/alerts/alert-schema';
import type { Budget, Thresholds } from '../core/investigation/budget-schema';
import type { InvestigationEvent } from '../core/investigation/investigation-events';
import type { InvestigationStore, ThreadRef } from '../core/ports/investigation-store';
import type { Reasoner } from '../core/ports/reasoner';
import type { TelemetrySource } from '../core/ports/telemetry-source';
import type { InvestigationFeed } from '../core/ports/investigation-feed';
import type { InvestigationQueue, JobPriority } from '../core/ports/investigation-queue';
import type { Logger } from '../observability/logger';
import type { FollowUpSettings } from '../core/follow-up/follow-up-policy';
import type { FollowUpScheduler } from '../core/ports/follow-up-scheduler';

/** Dependencies and policies of an `InvestigationService`. */
export interface InvestigationServiceOptions {
  store: InvestigationStore;
  source: TelemetrySource;
  reasoner: Reasoner;
  budget: Budget;
  thresholds: Thresholds;
  logger: Logger;
  /** Milliseconds since the epoch; defaults to the system clock. */
  clock?: () => number;
  /**
   * A re-fire of the same alert (same fingerprint) within this many milliseconds starts no new
   * investigation. 0 turns re-fire suppression off (exact duplicates are still caught by `dedupeKey`).
   */
  refireWindowMs: number;
  /** Makes investigation ids; `inv-<random>` by default. */
  newId?: () => string;
  /** How long a `dedupeKey` claim lasts; one day by default. */
  dedupeTtlMs?: number;
  /**
   * The job queue shared by surfaces and workers (BullMQ on Redis). Without it the service owns an
   * in-process queue and works it itself with `workerConcurrency` (default 16) jobs at once.
   */
  queue?: InvestigationQueue;
  workerConcurrency?: number;
  /** Tells other processes that a log grew (Redis pub/sub), so the ones with surfaces render it. */
  feed?: InvestigationFeed;
  /**
   * Looks again as telemetry arrives while an answer is not confident: when the follow-ups are
   * due (settings) and what runs them (scheduler). Absent: one look only.
   */
  followUps?: { settings: FollowUpSettings; scheduler: FollowUpScheduler };
}

/** What a surface asks for when it wants an alert investigated. */
export interface StartInvestigationRequest {
  alert: Alert;
  /** Where the conversation about it lives (e.g. the Slack thread of the alert post). */
  thread: ThreadRef;
  /** Who or what asked (a user id, an alerting bot id). */
  requestedBy: string;
  /**
   * Identity of the request itself (e.g. `slack:<channel>:<ts>` of the alert post), so a request
   * delivered twice starts one investigation.
   */
  dedupeKey?: string;
  /** `human` (someone asked) runs before `automatic` (an alert post); default `automatic`. */
  priority?: JobPriority;
  /**
   * Who holds the request's claims: the same request replayed after a store outage passes the
   * same owner and gets back the claims its first attempt took (see `InvestigationStore.claim`).
   */
  claimOwner?: string;
}

/** The answer of `InvestigationService.start`. */
export type StartInvestigationResult =
  | { started: true; investigationId: string }
  | {
      started: false;
      /** `duplicate`: the same request or alert instance again; `refire-window`: a re-fire. */
      reason: 'duplicate' | 'refire-window';
      /** The investigation already covering it, when this process knows it. */
      investigationId?: string;
    };

/**
 * Sees every audit event of every investigation, in order. The loop waits for listeners before it
 * takes its next step, so a surface's thread stays in step with the investigation.
 */
export type InvestigationListener = (event: InvestigationEvent, investigationId: string, delivery?: EventDelivery) => Promise<void>;

/** How an event reaches a listener. */
export interface EventDelivery {
  /**
   * The event was drawn already (by this process before a restart, or by another): a renderer folds
   * it into its view and posts nothing; other listeners ignore it.
   */
  replay: boolean;
}

/** A resolution posted for an alert: it lands in the investigation of the same fingerprint. */
export interface AlertResolutionRequest {
  /** The resolved alert as recognized (its fingerprint finds the investigation). */
  alert: Alert;
  /** Who posted it (an alerting bot id). */
  requestedBy: string;
  /** The investigation, when the surface already knows it (an edit of the alert post itself). */
  investigationId?: string;
  /** Identity of the post, so a post delivered twice is recorded once. */
  dedupeKey?: string;
}

/** The answer of `InvestigationService.recordResolution`. */
export type AlertResolutionResult =
  | { recorded: true; investigationId: string; running: boolean }
  | { recorded: false; reason: 'no-investigation' | 'duplicate'; investigationId?: string };
