import { appendFileSync } from 'node:fs';
import { SeededRandom } from '../../src/scenarios/seeded-random';

/** What one fuzz target found: how many inputs it tried and which of them broke a property. */
export interface FuzzSummary {
  target: string;
  seed: number;
  inputs: number;
  failures: { input: string; problem: string }[];
  elapsedMs: number;
}

/** The seed of this run: CAUSA_FUZZ_SEED replays a failing run; otherwise the time. */
export function fuzzSeed(): number {
  const fixed = Number(process.env.CAUSA_FUZZ_SEED);
  return Number.isInteger(fixed) && fixed > 0 ? fixed : Date.now() % 2_147_483_647;
}

/** The time each target may run: CAUSA_FUZZ_SECONDS (default 15 s). */
export function fuzzBudgetMs(): number {
  const seconds = Number(process.env.CAUSA_FUZZ_SECONDS);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : 15) * 1000;
}

/**
 * Runs `check` on generated inputs until the time budget or `maxInputs` is spent. `check` returns
 * a problem (a property that broke) or undefined; a throw counts as a problem too. Prints one
 * summary line (`fuzz <target>: N inputs, F failures, seed S, T s`) and returns the summary.
 */
export async function runFuzz<T>(
  target: string,
  generate: (random: SeededRandom) => T,
  check: (input: T) => Promise<string | undefined> | string | undefined,
  options: { maxInputs?: number; describe?: (input: T) => string } = {},
): Promise<FuzzSummary> {
  const seed = fuzzSeed();
  const random = new SeededRandom(seed).fork(target);
  const budget = fuzzBudgetMs();
  const started = Date.now();
  const describe = options.describe ?? ((input: T) => JSON.stringify(input)?.slice(0, 500) ?? String(input));
  const summary: FuzzSummary = { target, seed, inputs: 0, failures: [], elapsedMs: 0 };
  while (Date.now() - started < budget && summary.inputs < (options.maxInputs ?? Number.POSITIVE_INFINITY)) {
    const input = generate(random);
    summary.inputs += 1;
    let problem: string | undefined;
    try {
      problem = await check(input);
    } catch (error) {
      problem = `threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    }
    if (problem !== undefined && summary.failures.length < 20) summary.failures.push({ input: describe(input), problem });
  }
  summary.elapsedMs = Date.now() - started;
  process.stdout.write(
    `fuzz ${target}: ${summary.inputs} inputs, ${summary.failures.length} failures, seed ${seed}, ${(summary.elapsedMs / 1000).toFixed(1)} s\n`,
  );
  // `npm run fuzz` prints every target's summary at the end (see fuzz-global-teardown.js).
  const file = process.env.CAUSA_FUZZ_SUMMARY_FILE;
  if (file) appendFileSync(file, `${JSON.stringify({ target, seed, inputs: summary.inputs, failures: summary.failures.length, elapsedMs: summary.elapsedMs })}\n`);
  return summary;
}
