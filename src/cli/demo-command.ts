import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { investigateBundle } from '../app/investigate-bundle';
import { InputError } from '../core/errors';
import { renderMarkdown } from '../core/report/markdown-report';
import { QueuedSteeringInbox } from '../core/investigation/steering-inbox';
import { exportClusterScenario } from '../scenarios/cluster-export';
import { listScenarios, writeScenario } from '../scenarios/scenario-catalog';
import { renderThreadMessage } from '../surfaces/playground/thread-renderer';
import { parseArguments, stringFlag } from './argument-parser';
import type { CliIo } from './cli-io';
import { loadCliConfig } from './cli-config';
import { REASONER_FLAGS, reasonerEnv, reasonerFor } from './reasoner-options';

export const DEMO_USAGE = 'causa demo [scenario] [--veto H1,H2] [--list] [--reasoner offline|llm] [--export DIR] [--export-cluster DIR]';

const DEFAULT_SCENARIO = 'kafka-consumer-lag';

/**
 * `causa demo`: simulates a built-in incident, investigates it and prints the thread as it would
 * appear in chat, then the final RCA. `--veto` plays a human 👎 on hypotheses as they appear.
 */
export async function demoCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArguments(argv, { values: ['veto', 'config', 'export', 'export-cluster', ...REASONER_FLAGS], switches: ['list'] });
  const scenarios = listScenarios();
  if (args.flags.has('list')) {
    for (const s of scenarios) io.out(`${s.id.padEnd(32)} ${s.title}\n`);
    return 0;
  }
  const clusterDir = stringFlag(args, 'export-cluster');
  if (clusterDir !== undefined) {
    // Every scenario (or the one named) as cluster-shaped telemetry: OpenMetrics, a Loki push body, OTLP traces.
    const ids = args.positionals[0] ? [args.positionals[0]] : scenarios.map((s) => s.id);
    for (const id of ids) {
      if (!scenarios.some((s) => s.id === id)) throw new InputError(`unknown scenario "${id}"; choose one of: ${scenarios.map((s) => s.id).join(', ')}`);
      for (const file of await exportClusterScenario(id, path.resolve(io.cwd, clusterDir))) io.out(`${file}\n`);
    }
    return 0;
  }
  const id = args.positionals[0] ?? DEFAULT_SCENARIO;
  if (!scenarios.some((s) => s.id === id)) throw new InputError(`unknown scenario "${id}"; choose one of: ${scenarios.map((s) => s.id).join(', ')}`);
  const exportDir = stringFlag(args, 'export');
  if (exportDir !== undefined) return exportScenario(id, path.resolve(io.cwd, exportDir), io);
  const env = reasonerEnv(args, io);
  const config = loadCliConfig(env, stringFlag(args, 'config'), { usesConfiguredTelemetry: false });
  const reasoner = reasonerFor(config, args, env);
  const vetoes = new Set(stringFlag(args, 'veto')?.split(',').map((s) => s.trim()).filter(Boolean) ?? []);
  const malformed = [...vetoes].filter((id) => !/^H\d+(\.\d+)*$/.test(id));
  if (malformed.length > 0) throw new InputError(`--veto takes hypothesis ids such as H1 or H2.1 (comma-separated), not ${malformed.map((id) => `"${id}"`).join(', ')}`);
  const proposed: string[] = [];
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `causa-demo-${id}-`));
  try {
    const answer = await writeScenario(id, dir);
    const inbox = new QueuedSteeringInbox();
    io.out(`#incidents — built-in scenario "${id}"\n\n`);
    const { report } = await investigateBundle({
      dir,
      reasoner,
      budget: config.budget,
      thresholds: config.thresholds,
      steering: inbox,
      onEvent: (event) => {
        const message = renderThreadMessage(event);
        if (message) io.out(`${message}\n`);
        if (event.type === 'hypothesis-proposed') proposed.push(event.hypothesis.id);
        if (event.type === 'hypothesis-proposed' && vetoes.has(event.hypothesis.id)) {
          io.out(`👎 demo-user reacted on ${event.hypothesis.id}\n`);
          inbox.push({ type: 'veto', hypothesisId: event.hypothesis.id, by: 'demo-user', at: event.at });
        }
      },
    });
    const unused = [...vetoes].filter((id) => !proposed.includes(id));
    if (unused.length > 0) io.err(`causa demo: --veto ${unused.join(',')}: no such hypothesis was proposed, so nothing was vetoed for ${unused.length === 1 ? 'it' : 'them'} (proposed: ${proposed.join(', ') || 'none'})\n`);
    io.out(`\n${renderMarkdown(report)}\n`);
    io.out(`(simulated ground truth: ${answer.rootCause.service}, ${answer.rootCause.faultType})\n`);
    return 0;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * `causa demo [scenario] --export DIR`: writes the built-in scenario as an incident bundle folder
 * (case.json, metrics, logs, spans, topology; not its answer), to try `causa investigate DIR` on.
 */
async function exportScenario(id: string, dir: string, io: CliIo): Promise<number> {
  const existing = await fs.readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    if (error.code === 'ENOTDIR') throw new InputError(`--export ${dir} is a file — give a new or empty folder`);
    throw new InputError(`--export ${dir} cannot be read: ${error.message}`);
  });
  if (existing.length > 0) throw new InputError(`--export ${dir} is not empty — give a new or empty folder (nothing was overwritten)`);
  await writeScenario(id, dir);
  io.out(`wrote the built-in scenario "${id}" as an incident bundle to ${dir}\ninvestigate it with: causa investigate ${dir}\n`);
  return 0;
}
