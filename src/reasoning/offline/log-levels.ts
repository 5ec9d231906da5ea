const ERROR_LEVELS = /^(ERROR|WARN|WARNING|FATAL|CRITICAL|SEVERE|ERR|EMERG|ALERT)$/i;
const ERROR_WORDS = /exception|error|fail|timed? ?out|refused|unavailable|denied|panic|traceback|crash/i;

/** A line that reports a problem: by its level, or by its words when the level is missing or INFO. */
export function isErrorish(level: string | null, template: string): boolean {
  return (level !== null && ERROR_LEVELS.test(level)) || ERROR_WORDS.test(template);
}
