import { createReasoner, type LlmStrategy } from '../app/reasoner-factory';
import type { CausaConfig } from '../config';
import { InputError } from '../core/errors';
import type { Reasoner } from '../core/ports/reasoner';
import { stringFlag, type ParsedArguments } from './argument-parser';
import type { CliIo } from './cli-io';

/** The reasoner flags every investigating command accepts. */
export const REASONER_FLAGS = ['reasoner', 'strategy'] as const;

/**
 * The environment a command loads its configuration with: `--reasoner offline|llm` acts as
 * CAUSA_REASONER, so the flag and the variable behave the same (and `serve` reads the variable).
 */
export function reasonerEnv(args: ParsedArguments, io: CliIo): CliIo {
  const reasoner = stringFlag(args, 'reasoner');
  if (reasoner === undefined) return io;
  if (reasoner !== 'offline' && reasoner !== 'llm') throw new InputError(`--reasoner must be offline or llm, not "${reasoner}"`);
  return { ...io, env: { ...io.env, CAUSA_REASONER: reasoner } };
}

/** The configured reasoner, with `--strategy` (benchmarks only) applied. */
export function reasonerFor(config: CausaConfig, args: ParsedArguments, io: CliIo): Reasoner {
  const strategy = stringFlag(args, 'strategy');
  if (strategy !== undefined && strategy !== 'hypotheses' && strategy !== 'summarize-all') {
    throw new InputError(`--strategy must be hypotheses or summarize-all, not "${strategy}"`);
  }
  return createReasoner(config.reasoner, io.env, { strategy: strategy as LlmStrategy | undefined });
}
