import type { SteeringCommand } from './steering-schema';

/** Where the loop picks up human decisions between steps. The store implements it per investigation. */
export interface SteeringInbox {
  /** Takes (and removes) the decisions queued since the last call, oldest first. */
  take(): Promise<SteeringCommand[]>;
}

/** An in-process inbox, for the CLI, the playground and tests. */
export class QueuedSteeringInbox implements SteeringInbox {
  private queue: SteeringCommand[] = [];

  push(command: SteeringCommand): void {
    this.queue.push(command);
  }

  async take(): Promise<SteeringCommand[]> {
    const taken = this.queue;
    this.queue = [];
    return taken;
  }
}
