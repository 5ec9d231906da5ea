import type { SeededRandom } from './seeded-random';
import type { SimulationContext } from './simulation-context';
import { isoMillis, timeOfDay } from './scenario-timeline';

/**
 * `logback`: `09:20:01.123 [http-nio-8080-exec-3] ERROR c.s.c.CartController - message` (Java).
 * `plain`: `2024-05-14 09:20:01,123 ERROR [checkout.payments] message` (Python-style).
 */
export type LogFormat = 'logback' | 'plain';

/** One kind of line a service writes; `message` draws its variable parts from the random source. */
export interface LogTemplate {
  level: string;
  logger: string;
  message: (random: SeededRandom) => string;
  /** Relative frequency among the templates of one source (default 1). */
  weight?: number;
}

/** Formats the raw line a service would write. */
export function formatLogLine(format: LogFormat, t: number, level: string, logger: string, message: string, thread: string): string {
  if (format === 'logback') return `${timeOfDay(t)} [${thread}] ${level.padEnd(5)} ${logger} - ${message}`;
  const stamp = isoMillis(t).slice(0, 23).replace('T', ' ').replace('.', ',');
  return `${stamp} ${level} [${logger}] ${message}`;
}

export interface LogSource {
  /** Distinguishes random streams of several sources of one service. */
  label: string;
  service: string;
  instances: readonly string[];
  format: LogFormat;
  templates: readonly LogTemplate[];
  /** Mean seconds between lines, per instance (lines arrive as a Poisson process). */
  everySeconds: number;
  from?: number;
  until?: number;
}

/** Adds the lines of one log source; defaults to the whole window. Returns how many it wrote. */
export function emitLogs(ctx: SimulationContext, source: LogSource): number {
  const from = source.from ?? ctx.timeline.start;
  const until = Math.min(source.until ?? ctx.timeline.end, ctx.timeline.end);
  let count = 0;
  for (const instance of source.instances) {
    const random = ctx.random.fork(`logs:${source.service}:${instance}:${source.label}`);
    for (let t = from + random.exponential(source.everySeconds); t < until; t += random.exponential(source.everySeconds)) {
      const template = random.weighted(source.templates);
      writeLog(ctx, { t, service: source.service, instance, format: source.format, template, random });
      count += 1;
    }
  }
  return count;
}

/** Adds one line, optionally correlated with a span. */
export function writeLog(
  ctx: SimulationContext,
  line: { t: number; service: string; instance: string; format: LogFormat; template: LogTemplate; random: SeededRandom; traceId?: string; spanId?: string },
): void {
  const thread = line.format === 'logback' ? `http-nio-8080-exec-${line.random.int(1, 12)}` : '';
  const message = formatLogLine(line.format, line.t, line.template.level, line.template.logger, line.template.message(line.random), thread);
  ctx.writer.addLog({
    t: line.t,
    service: line.service,
    instance: line.instance,
    level: line.template.level,
    message,
    traceId: line.traceId ?? null,
    spanId: line.spanId ?? null,
  });
}

/** A template with a fixed message. */
export function fixed(level: string, logger: string, message: string, weight?: number): LogTemplate {
  return { level, logger, message: () => message, weight };
}
