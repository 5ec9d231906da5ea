/** One run of a crash-looping container: started, killed, and restarted after a back-off. */
export interface CrashCycle {
  runFrom: number;
  killedAt: number;
  /** When the container starts again (may lie past the window end). */
  restartAt: number;
  backOffSeconds: number;
}

/**
 * The runs of a container that is killed `fillSeconds` after each start, restarted with
 * Kubernetes' doubling back-off (10 s, 20 s, 40 s, … capped at 300 s), from `start` until `end`.
 */
export function crashCycles(start: number, end: number, fillSeconds: number): CrashCycle[] {
  const cycles: CrashCycle[] = [];
  let runFrom = start;
  for (let backOff = 10; runFrom + fillSeconds <= end; backOff = Math.min(300, backOff * 2)) {
    const killedAt = runFrom + fillSeconds;
    cycles.push({ runFrom, killedAt, restartAt: killedAt + backOff, backOffSeconds: backOff });
    runFrom = killedAt + backOff;
  }
  return cycles;
}

/** True while the container is down between a kill and its restart. */
export function isDown(cycles: readonly CrashCycle[], t: number): boolean {
  return cycles.some((c) => t >= c.killedAt && t < c.restartAt);
}
