import { diffTemplates, type TemplateCounts } from '../../core/analysis/log-template-diff';
import type { InvestigationContext } from '../../core/ports/reasoner';
import type { LogTemplateCountsResult } from '../../core/telemetry/query-results';
import type { ServiceFinding } from './service-finding';
import { referenceRanges, strengthOf, type TriageWindows } from './triage-windows';

import { isErrorish } from './log-levels';
import { surveyOperationLogs } from './operation-log-survey';

function countsByService(result: LogTemplateCountsResult): Map<string, { counts: TemplateCounts; levels: Map<string, string | null>; examples: Map<string, string> }> {
  const out = new Map<string, { counts: TemplateCounts; levels: Map<string, string | null>; examples: Map<string, string> }>();
  for (const t of result.templates) {
    const entry = out.get(t.service) ?? { counts: {} as TemplateCounts, levels: new Map(), examples: new Map() };
    entry.counts[t.template] = (entry.counts[t.template] ?? 0) + t.count;
    entry.levels.set(t.template, t.level);
    entry.examples.set(t.template, t.example);
    out.set(t.service, entry);
  }
  return out;
}

/**
 * Compares log templates of the incident period with a reference period, per service, scaling
 * expectations by each service's log volume so that a busier period is not an anomaly. New or
 * surging error templates, and normal lines that vanished, become findings. A template that is new
 * in many services at once is a spread-out symptom, so its score is divided by how widely it spread.
 */
export async function surveyLogs(context: InvestigationContext, windows: TriageWindows, options: { hypothesisId: string | null; service?: string }): Promise<ServiceFinding[]> {
  if (!context.catalog.hasLogs) return [];
  if (context.catalog.hasSpans && !options.service) {
    const byOperation = await surveyOperationLogs(context, windows, options.hypothesisId);
    if (byOperation) return byOperation;
  }
  const reference = referenceRanges(windows)[0];
  if (!reference) return [];
  const current = await context.query({ name: 'log_template_counts', params: { service: options.service, range: windows.incident, limit: 500 } }, options.hypothesisId);
  const base = await context.query({ name: 'log_template_counts', params: { service: options.service, range: reference, limit: 500 } }, options.hypothesisId);
  if (current.data?.kind !== 'log_template_counts' || base.data?.kind !== 'log_template_counts') return [];
  const evidenceIds = [current.evidence.id, base.evidence.id];
  const now = countsByService(current.data);
  const before = countsByService(base.data);
  const raw: ServiceFinding[] = [];
  for (const [service, entry] of now) {
    const ref = before.get(service);
    if (!ref) continue; // a service that did not log in the reference period cannot be compared
    const diffs = diffTemplates(ref.counts, entry.counts, {
      baselineTraffic: base.data.linesPerService[service] ?? 0,
      currentTraffic: current.data.linesPerService[service] ?? 0,
      minCount: 3,
    });
    for (const diff of diffs) {
      const grows = diff.kind === 'new' || diff.kind === 'surging';
      // Fewer normal lines is what any failure looks like; only lines that stopped entirely while
      // the service kept logging point at work silently skipped.
      if (diff.kind === 'dropping') continue;
      const level = entry.levels.get(diff.template) ?? ref.levels.get(diff.template) ?? null;
      if (grows && !isErrorish(level, diff.template)) continue;
      raw.push({
        service,
        family: grows ? 'log-errors' : 'log-vanished',
        score: Math.abs(diff.score),
        strength: 0,
        direction: grows ? 'up' : 'down',
        signal: diff.template,
        detail: `${service} log template ${diff.kind}: "${diff.template.slice(0, 160)}" ${diff.currentCount} lines vs ${Math.round(diff.expected * 10) / 10} expected from the reference`,
        evidenceIds,
      });
    }
  }
  const spread = new Map<string, Set<string>>();
  for (const f of raw) spread.set(f.signal, (spread.get(f.signal) ?? new Set()).add(f.service));
  return raw.map((f) => {
    const services = spread.get(f.signal)?.size ?? 1;
    const score = f.score / Math.sqrt(services);
    const note = services > 1 ? ` (same template in ${services} services)` : '';
    return { ...f, score, strength: strengthOf(score), detail: f.detail + note };
  });
}
