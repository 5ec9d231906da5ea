import { createHash } from 'node:crypto';
import type { Report, UnsealedReport } from './report-schema';

/**
 * JSON with object keys sorted at every level and `undefined` members dropped, so equal content
 * always gives equal text whatever order the fields were built in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    // JSON.stringify(undefined) is undefined; inside arrays JSON writes null for it.
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

/**
 * The content hash of a report: `sha256:<hex>` over the canonical JSON of its evidence list,
 * hypotheses and human decisions. Timestamps of generation and the derived narrative are left out,
 * so two identical investigations hash the same and any edit to what was observed or decided
 * changes the hash.
 */
export function computeContentHash(report: Pick<UnsealedReport, 'evidence' | 'hypotheses' | 'decisions'>): string {
  const sealed = canonicalJson({
    decisions: report.decisions,
    evidence: report.evidence,
    hypotheses: report.hypotheses,
  });
  return `sha256:${createHash('sha256').update(sealed, 'utf8').digest('hex')}`;
}

/** True when the report's `contentHash` matches its evidence, hypotheses and decisions. */
export function verifyContentHash(report: Report): boolean {
  return report.contentHash === computeContentHash(report);
}
