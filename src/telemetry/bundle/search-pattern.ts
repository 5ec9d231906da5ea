import { RE2 } from 're2-wasm';

/** A compiled `regex` of a log search. */
export interface SearchPattern {
  test(text: string): boolean;
}

/** Patterns compiled lately, so a repeated search does not compile (and allocate) again. */
const compiled = new Map<string, SearchPattern>();
const KEPT = 32;

/**
 * Compiles the `regex` of a log search, case-insensitive. Log lines are untrusted and the pattern
 * may come from a model that read them, so it runs on RE2, whose matching time is linear in the
 * text for every pattern (JavaScript's backtracking engine takes exponential time on `(a+)+b`).
 * RE2 has no backreferences or lookaround; such a pattern comes back as a message saying so.
 */
export function compileSearchPattern(source: string): SearchPattern | string {
  const known = compiled.get(source);
  if (known) return known;
  let pattern: SearchPattern;
  try {
    pattern = new RE2(source, 'iu');
  } catch (error) {
    return `invalid regex (${(error as Error).message}); use RE2 syntax: no backreferences or lookaround`;
  }
  if (compiled.size >= KEPT) compiled.delete(compiled.keys().next().value!);
  compiled.set(source, pattern);
  return pattern;
}
