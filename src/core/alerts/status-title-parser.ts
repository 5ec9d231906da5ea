/**
 * The `[FIRING:3] alertname (group label values)` subject that Alertmanager and Grafana put on
 * their notifications, also `[RESOLVED] …` and Grafana's mixed `[FIRING:1, RESOLVED:2] …`.
 */
export interface StatusTitle {
  readonly status: 'firing' | 'resolved';
  /** Alerts in the group as the subject counts them (firing ones while firing). */
  readonly count: number;
  /** Text after the status bracket, without the trailing group-values parenthesis. */
  readonly name: string;
  /** The space-separated values inside the trailing parenthesis. */
  readonly groupValues: readonly string[];
}

const SUBJECT = /^\[(FIRING|RESOLVED)(?::\s*(\d+))?(?:\s*,\s*(FIRING|RESOLVED)(?::\s*(\d+))?)?\]\s*(.*)$/i;

/** Parses a status subject line, or returns null when the line is not one. */
export function parseStatusTitle(headline: string): StatusTitle | null {
  const match = SUBJECT.exec(headline.trim());
  if (!match) return null;
  const [, firstStatus, firstCount, secondStatus, secondCount, rest] = match;
  const statuses = [
    { status: firstStatus.toLowerCase(), count: firstCount },
    { status: secondStatus?.toLowerCase(), count: secondCount },
  ];
  // A group with any firing alert is still firing.
  const firing = statuses.find((entry) => entry.status === 'firing');
  const status = firing ? 'firing' : 'resolved';
  const countText = firing ? firing.count : statuses[0].count;
  const { name, groupValues } = splitGroupValues(rest.trim());
  return { status, count: countText ? Number(countText) : 1, name, groupValues };
}

/** Splits `Name (a b c)` into the name and the values of the last balanced parenthesis. */
function splitGroupValues(rest: string): { name: string; groupValues: string[] } {
  if (!rest.endsWith(')')) return { name: rest, groupValues: [] };
  let depth = 0;
  for (let index = rest.length - 1; index >= 0; index -= 1) {
    if (rest[index] === ')') depth += 1;
    if (rest[index] === '(') depth -= 1;
    if (depth === 0) {
      const inside = rest.slice(index + 1, -1).trim();
      return { name: rest.slice(0, index).trim(), groupValues: inside ? inside.split(/\s+/) : [] };
    }
  }
  return { name: rest, groupValues: [] };
}
