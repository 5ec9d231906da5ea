import { main } from '../../src/main';
import type { CliIo } from '../../src/cli/cli-io';

/** Runs the `causa` command in-process with captured output. */
export async function runCli(argv: string[], env: Record<string, string | undefined> = {}, cwd = process.cwd()) {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t), env, cwd };
  const code = await main(argv, io);
  return { code, out, err };
}
