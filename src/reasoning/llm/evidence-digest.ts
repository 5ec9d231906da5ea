import type { Hypothesis } from '../../core/investigation/hypothesis-schema';
import type { OfflineAnalysis } from '../offline/offline-reasoner';
import { clip } from './untrusted-data';

/**
 * One compact piece of evidence as the model sees it: a signal the analyzers found anomalous,
 * with its numbers, the evidence ids it was measured from and one line of detail (which may hold
 * a log template: it is redacted and delivered as data). Never raw query output.
 */
export interface EvidenceDigest {
  evidence: string[];
  service: string;
  instance?: string;
  /** The signal family (cpu, latency, log-errors…) or `event`. */
  family: string;
  signal: string;
  direction?: 'up' | 'down' | 'none';
  /** Robust z-score of the change. */
  score?: number;
  /** 0..1. */
  strength?: number;
  onset?: string;
  detail: string;
}

const DETAIL_LENGTH = 160;
/** Digests per call: enough to reason with, small enough that a call's size does not grow with the telemetry. */
export const MAX_DIGESTS = 12;
const PER_SERVICE = 3;

function fromFinding(f: OfflineAnalysis['findings'][number]): EvidenceDigest {
  return {
    evidence: f.evidenceIds.slice(0, 3),
    service: f.service,
    ...(f.instance ? { instance: f.instance } : {}),
    family: f.family,
    signal: f.signal,
    direction: f.direction,
    score: Math.round(f.score * 10) / 10,
    strength: Math.round(f.strength * 100) / 100,
    ...(f.onset !== undefined ? { onset: new Date(f.onset * 1000).toISOString() } : {}),
    detail: clip(f.detail, DETAIL_LENGTH),
  };
}

function fromEvent(e: OfflineAnalysis['events'][number]): EvidenceDigest {
  return { evidence: [e.evidenceId], service: e.event.service, family: 'event', signal: e.category, onset: e.event.ts, detail: clip(`${e.event.reason ?? e.category}: ${e.event.message}`, DETAIL_LENGTH) };
}

/** The strongest findings across services (a few per service), then recorded changes. */
export function overviewDigests(analysis: OfflineAnalysis, limit = MAX_DIGESTS): EvidenceDigest[] {
  const perService = new Map<string, number>();
  const chosen: EvidenceDigest[] = [];
  for (const finding of [...analysis.findings].sort((a, b) => b.strength - a.strength || b.score - a.score)) {
    const count = perService.get(finding.service) ?? 0;
    if (count >= PER_SERVICE || finding.evidenceIds.length === 0) continue;
    perService.set(finding.service, count + 1);
    chosen.push(fromFinding(finding));
  }
  const changes = analysis.events.filter((e) => e.category === 'deploy' || e.category === 'config' || e.category === 'oom').map(fromEvent);
  const events = changes.slice(0, Math.min(3, limit));
  return [...chosen.slice(0, limit - events.length), ...events];
}

/**
 * Evidence about one hypothesis: its subject's own findings and events first, then the strongest
 * finding of each service it calls (where a deeper cause may sit).
 */
export function hypothesisDigests(hypothesis: Hypothesis, analysis: OfflineAnalysis, callees: readonly string[], limit = MAX_DIGESTS): EvidenceDigest[] {
  const service = hypothesis.subject.service;
  const strongest = (list: OfflineAnalysis['findings']) => [...list].sort((a, b) => b.strength - a.strength || b.score - a.score);
  const own = strongest(analysis.findings.filter((f) => f.service === service && f.evidenceIds.length > 0)).slice(0, 6).map(fromFinding);
  const events = analysis.events.filter((e) => e.event.service === service).slice(0, 2).map(fromEvent);
  const calleeDigests = callees
    .map((callee) => strongest(analysis.findings.filter((f) => f.service === callee && f.evidenceIds.length > 0))[0])
    .filter((f): f is OfflineAnalysis['findings'][number] => f !== undefined)
    .sort((a, b) => b.strength - a.strength)
    .map(fromFinding);
  return [...own, ...events, ...calleeDigests].slice(0, limit);
}
