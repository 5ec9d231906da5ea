import * as fs from 'node:fs';
import * as path from 'node:path';

const BUNDLE_FOLDER = 'an incident bundle folder (one containing case.json)';

/**
 * Checks on disk that every bundle source points at a folder holding case.json. Works on raw
 * input so the problem is listed alongside schema problems. `origins` maps printed paths such as
 * "telemetry.sources[0]" to the variable that set them.
 */
export function bundleDirProblems(data: unknown, origins: ReadonlyMap<string, string>, file?: string): string[] {
  const sources = (data as { telemetry?: { sources?: unknown } } | undefined)?.telemetry?.sources;
  if (!Array.isArray(sources)) return [];
  const problems: string[] = [];
  sources.forEach((source: unknown, index) => {
    if (source === null || typeof source !== 'object') return;
    const { type, dir } = source as { type?: unknown; dir?: unknown };
    if (type !== 'bundle' || typeof dir !== 'string' || dir.length === 0) return;
    const what = whatIsWrong(dir);
    if (!what) return;
    const fromEnv = origins.get(`telemetry.sources[${index}]`) === 'CAUSA_BUNDLE_DIR';
    const fix = fromEnv
      ? `set CAUSA_BUNDLE_DIR to ${BUNDLE_FOLDER}`
      : `fix it in ${file ?? 'causa.yaml'} or set CAUSA_BUNDLE_DIR to ${BUNDLE_FOLDER}`;
    problems.push(`telemetry.sources[${index}].dir: ${what} — ${fix}`);
  });
  return problems;
}

function whatIsWrong(dir: string): string | undefined {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(dir);
  } catch {
    return `folder ${dir} does not exist`;
  }
  if (!stats.isDirectory()) return `${dir} is a file, not a folder`;
  if (!fs.existsSync(path.join(dir, 'case.json'))) return `folder ${dir} has no case.json`;
  return undefined;
}
