import { InputError } from '../core/errors';

export interface ParsedArguments {
  positionals: string[];
  flags: Map<string, string | true>;
}

/**
 * Parses `--name value`, `--name=value` and bare `--flag`. Only the flags a command declares are
 * accepted; anything else is an error that lists what is accepted.
 */
export function parseArguments(argv: readonly string[], accepted: { values: readonly string[]; switches: readonly string[] }): ParsedArguments {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (accepted.switches.includes(name)) {
      flags.set(name, true);
    } else if (accepted.values.includes(name)) {
      const value = inline ?? argv[i + 1];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new InputError(`--${name} needs a value`);
      if (inline === undefined) i += 1;
      flags.set(name, value);
    } else {
      const all = [...accepted.values, ...accepted.switches].map((f) => `--${f}`).join(', ');
      throw new InputError(`unknown option --${name}; accepted: ${all || 'none'}`);
    }
  }
  return { positionals, flags };
}

export function stringFlag(parsed: ParsedArguments, name: string): string | undefined {
  const value = parsed.flags.get(name);
  return typeof value === 'string' ? value : undefined;
}
