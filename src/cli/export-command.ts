import { promises as fs } from 'node:fs';
import path from 'node:path';
import { exportAuditRecord } from '../app/audit-export';
import { openInvestigationStore } from '../app/investigation-service-store';
import { InputError } from '../core/errors';
import { createLogger } from '../observability/logger';
import { parseArguments, stringFlag } from './argument-parser';
import { loadCliConfig } from './cli-config';
import type { CliIo } from './cli-io';

export const EXPORT_USAGE = 'causa export <investigation-id> [--out FILE] [--config FILE]';

/**
 * `causa export <id>`: prints an investigation's full audit record (record, report, human
 * decisions, every event) as JSON, read from the configured store. Only a shared store (Redis)
 * outlives the process that ran the investigation, so a memory store is refused with how to fix it.
 */
export async function exportCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArguments(argv, { values: ['config', 'out'], switches: [] });
  const [id, ...extra] = args.positionals;
  if (!id || extra.length > 0) throw new InputError(`expected one investigation id.\nUsage: ${EXPORT_USAGE}`);
  const config = loadCliConfig(io, stringFlag(args, 'config'));
  if (config.store.type !== 'redis') {
    throw new InputError('causa export reads the shared store, and the configured one is memory (nothing outlives its process): set CAUSA_STORE=redis and REDIS_URL as the bot has them');
  }
  const logger = createLogger({ level: 'silent' });
  const opened = await openInvestigationStore(config.store, logger, config.retention);
  try {
    const json = `${JSON.stringify(await exportAuditRecord(opened.store, id), null, 2)}\n`;
    const out = stringFlag(args, 'out');
    if (out) {
      const target = path.resolve(io.cwd, out);
      await fs.writeFile(target, json);
      io.err(`wrote the audit record of ${id} to ${target}\n`);
    } else {
      io.out(json);
    }
    return 0;
  } finally {
    await opened.close();
  }
}
