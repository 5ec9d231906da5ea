/**
 * The code-region level of the benchmark: an answer's `indicator` that names log statements
 * (`t.s.TravelServiceImpl#366_t.s.TravelServiceImpl#372` = the code between those two statements,
 * `PriceController.query start_p.c.PriceController#46` = from the start of that operation to the
 * statement) is matched by a predicted location that names one of those statements, or a statement
 * of the same logger whose line lies between the label's two lines.
 */

/** A `logger#line` statement. */
export interface LoggerLine {
  logger: string;
  line: number;
}

const LOGGER_LINE = /^(\S+)#(\d+)$/;
/** The last `logger#line` token of a statement as a prediction may spell it (`INFO c.X#40`, a template). */
const LOGGER_LINE_TOKEN = /(\S+)#(\d+)(?!.*\S+#\d+)/;

/**
 * The statements a label names, or undefined when it names none (a metric indicator such as
 * `CpuUsageRate(%)`). Statements are separated by `_` before a `logger#line`.
 */
export function labelStatements(indicator: string | undefined): string[] | undefined {
  if (!indicator) return undefined;
  const parts = indicator.split(/_(?=[^_\s]*#\d+$)/).map((p) => p.trim()).filter(Boolean);
  return parts.some((p) => LOGGER_LINE.test(p)) ? parts : undefined;
}

export function parseLoggerLine(statement: string): LoggerLine | undefined {
  const match = LOGGER_LINE_TOKEN.exec(statement.trim());
  return match ? { logger: match[1], line: Number(match[2]) } : undefined;
}

/** Whether any predicted statement names the labelled region. */
export function matchesCodeRegion(label: readonly string[], predicted: readonly string[]): boolean {
  const exact = new Set(label.map((s) => s.trim()));
  const lines = label.map((s) => (LOGGER_LINE.test(s.trim()) ? parseLoggerLine(s) : undefined)).filter((l): l is LoggerLine => l !== undefined);
  return predicted.some((statement) => {
    if (exact.has(statement.trim())) return true;
    const at = parseLoggerLine(statement);
    if (!at) return false;
    if (lines.some((l) => l.logger === at.logger && l.line === at.line)) return true;
    return betweenLines(lines, at);
  });
}

function betweenLines(lines: readonly LoggerLine[], at: LoggerLine): boolean {
  const same = lines.filter((l) => l.logger === at.logger).map((l) => l.line);
  if (same.length < 2) return false;
  return at.line >= Math.min(...same) && at.line <= Math.max(...same);
}
