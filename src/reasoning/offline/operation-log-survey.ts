import type { InvestigationContext } from '../../core/ports/reasoner';
import { rateChangeScore } from '../../core/analysis/rate-comparison';
import type { LogTemplateCount } from '../../core/telemetry/query-results';
import { isErrorish } from './log-levels';
import { operationKey, spanCounts } from './operation-traffic';
import type { ServiceFinding } from './service-finding';
import { locationOf, surveySilencedStatements } from './silenced-statements';
import { referenceRanges, strengthOf, type TriageWindows } from './triage-windows';

/** A warning that a request was slow reports a latency symptom, which metrics and traces measure directly. */
const SLOWNESS_REPORT = /\bslow\b|\btook\s+<num>\s*m?s\b|\blatency\b/i;
const EXCEPTION_WORDS = /exception|throwable|stack ?trace|traceback|panic|timed? ?out|timeout|refused|unavailable|unreachable/i;

interface Key {
  service: string;
  operation: string | null;
  template: string;
  level: string | null;
  example: string;
  before: number;
  now: number;
}

/**
 * Log templates per (service, operation), each operation's expectation scaled by that operation's
 * own traffic (its span count), so workload swings stop looking anomalous. Two signals come out:
 *
 * - new or surging error lines of one service's operation: `log-errors` when they report an
 *   exception, `log-business-errors` when they report a failed business outcome (wrong results);
 * - a normal line that stopped while its operation's spans continued (`log-vanished`): the code
 *   path that wrote it is no longer reached (see `surveySilencedStatements`).
 *
 * A source location (level and logger) that logs in several services is a shared, spread-out
 * symptom (service discovery, a gateway), not a cause, and is skipped; so is an error line that
 * names another service, which reports that dependency failing.
 */
export async function surveyOperationLogs(context: InvestigationContext, windows: TriageWindows, hypothesisId: string | null): Promise<ServiceFinding[] | undefined> {
  const reference = referenceRanges(windows)[0];
  if (!reference) return [];
  const current = await context.query({ name: 'log_template_counts', params: { groupBy: 'operation', range: windows.incident, limit: 2000 } }, hypothesisId);
  const base = await context.query({ name: 'log_template_counts', params: { groupBy: 'operation', range: reference, limit: 2000 } }, hypothesisId);
  if (current.data?.kind !== 'log_template_counts' || base.data?.kind !== 'log_template_counts') return [];
  if (!current.data.spansPerOperation || !base.data.spansPerOperation) return undefined; // no traces: per-service survey instead
  const evidenceIds = [current.evidence.id, base.evidence.id];
  const spansNow = spanCounts(current.data);
  const spansBefore = spanCounts(base.data);
  const keys = joinKeys(base.data.templates, current.data.templates);
  const generic = sharedLocations([...base.data.templates, ...current.data.templates]);
  const dataStart = Math.min(...current.data.templates.map((t) => (t.firstSeen ? Date.parse(t.firstSeen) : Infinity)));
  const dataEnd = Math.max(...current.data.templates.map((t) => (t.lastSeen ? Date.parse(t.lastSeen) : -Infinity)));

  const unjoinedBefore = new Set([...keys.values()].filter((k) => k.operation === null && k.before > 0).map(lineKey));
  const seenBefore = new Set([...keys.values()].filter((k) => k.before > 0).map(lineKey));
  const findings: ServiceFinding[] = [];
  for (const key of keys.values()) {
    // Lines outside any span are scaled by their service's log volume instead of an operation's traffic.
    const opKey = operationKey(key);
    const nb = key.operation === null ? base.data.linesPerService[key.service] ?? 0 : spansBefore.get(opKey) ?? 0;
    const ni = key.operation === null ? current.data.linesPerService[key.service] ?? 0 : spansNow.get(opKey) ?? 0;
    const where = key.operation === null ? key.service : `${key.service} ${key.operation}`;
    if (isErrorish(key.level, key.template)) {
      if (generic.has(locationOf(key.template))) continue;
      if (SLOWNESS_REPORT.test(key.template) && !EXCEPTION_WORDS.test(`${key.template} ${key.example}`)) continue;
      // "call to inventory-service failed": a failing dependency, reported by its caller.
      if (namesAnotherService(`${key.template} ${key.example}`, key.service, context.catalog.services)) continue;
      // A line the reference wrote outside any span (its trace not collected) is not new, nor is
      // one written outside any span now that the reference wrote inside one.
      if (key.before === 0 && (key.operation === null ? seenBefore.has(lineKey(key)) : unjoinedBefore.has(lineKey(key)))) continue;
      const expected = nb > 0 ? (key.before * ni) / nb : 0;
      // A line never seen before is new: every occurrence counts. A known one must surge beyond
      // what its (often small) reference count can tell about its rate.
      const score = key.before === 0 ? (key.now - expected) / Math.sqrt(expected + 1) : rateChangeScore(key.before, nb, key.now, ni);
      if (score <= 0 || key.now < 1) continue;
      const family = EXCEPTION_WORDS.test(`${key.template} ${key.example}`) ? 'log-errors' : 'log-business-errors';
      findings.push(finding(key, family, score, 'up', `${where}: error line "${key.template.slice(0, 160)}" ${key.now}× vs ${round(expected)} expected from its traffic (${ni} spans now, ${nb} before)`, evidenceIds));
    }
  }
  findings.push(...(await surveySilencedStatements(context, windows, hypothesisId, { base: base.data, current: current.data, dataStart, dataEnd, evidenceIds })));
  return findings;
}

function finding(key: Key, family: ServiceFinding['family'], score: number, direction: 'up' | 'down', detail: string, evidenceIds: string[]): ServiceFinding {
  return {
    service: key.service,
    family,
    score,
    strength: strengthOf(score),
    direction,
    signal: key.template,
    detail,
    evidenceIds,
    against: ['baseline'],
    ...(key.operation === null ? {} : { operation: key.operation }),
    statement: locationOf(key.template),
    change: key.before === 0 ? 'appeared' : 'surged',
  };
}

/** A line by its service, level and template, whatever span it joined. */
function lineKey(key: Key): string {
  return `${key.service}\u0000${key.level ?? ''}\u0000${key.template}`;
}

function joinKeys(before: LogTemplateCount[], now: LogTemplateCount[]): Map<string, Key> {
  const keys = new Map<string, Key>();
  const keyOf = (t: LogTemplateCount): string => `${t.service}\u0000${t.operation ?? ''}\u0000${t.level ?? ''}\u0000${t.template}`;
  const entry = (t: LogTemplateCount): Key => {
    const k = keyOf(t);
    const existing = keys.get(k) ?? { service: t.service, operation: t.operation ?? null, template: t.template, level: t.level, example: t.example, before: 0, now: 0 };
    keys.set(k, existing);
    return existing;
  };
  for (const t of before) entry(t).before += t.count;
  for (const t of now) entry(t).now += t.count;
  return keys;
}

function namesAnotherService(text: string, service: string, services: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return services.some((other) => other !== service && other.length >= 4 && lower.includes(other.toLowerCase()));
}

function sharedLocations(templates: LogTemplateCount[]): Set<string> {
  const services = new Map<string, Set<string>>();
  for (const t of templates) {
    const location = locationOf(t.template);
    services.set(location, (services.get(location) ?? new Set()).add(t.service));
  }
  return new Set([...services].filter(([, s]) => s.size > 1).map(([location]) => location));
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
