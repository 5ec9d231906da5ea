/**
 * Findings in words a reader takes in at a glance: "p90 latency of checkout 0.41 s, normally
 * 0.18 s — 2.3× higher since 10:14, before the alert". The statistics (robust z and the like)
 * stay in the report, one click away.
 */

const STATISTIC = /^([A-Za-z_][A-Za-z0-9_:]*) on ([^:]+): (median|worst|mean) (-?[\d.]+(?:e[+-]?\d+)?)(?: \(peak (-?[\d.]+(?:e[+-]?\d+)?)\))? vs (-?[\d.]+(?:e[+-]?\d+)?) normal(.*)$/;
const ROBUST_Z = /\s*\(robust z [^)]*\)|,?\s*robust z -?[\d.]+(?:e[+-]?\d+)?(?: against [^;,)]+)?/g;

const UNITS: Array<[RegExp, string]> = [
  [/_seconds$/, 's'],
  [/_milliseconds$|_ms$/, 'ms'],
  [/_bytes$/, 'bytes'],
  [/_percent$/, '%'],
  [/_per_second$/, '/s'],
  [/_ratio$/, 'ratio'],
  [/_total$/, ''],
];

/** A metric name in words and its unit: `latency_p90_seconds` → `p90 latency`, `s`. */
export function metricWords(name: string): { words: string; unit: string } {
  let base = name;
  let unit = '';
  for (const [suffix, u] of UNITS) {
    if (suffix.test(base)) {
      base = base.replace(suffix, '');
      unit = u;
      break;
    }
  }
  const parts = base.split(/[_:]+/).filter(Boolean);
  const quantile = parts.findIndex((p) => /^p\d{2,3}$/.test(p));
  if (quantile > 0) parts.unshift(...parts.splice(quantile, 1));
  const words = parts.map((p) => (['cpu', 'tcp', 'gc', 'io'].includes(p) ? p.toUpperCase() : p)).join(' ');
  return { words, unit };
}

/** A number with its unit, rounded for reading: 0.4137 s → "0.41 s", 6.67e8 bytes → "667 MB". */
export function amount(value: number, unit: string): string {
  if (unit === 'bytes') {
    const scales: Array<[number, string]> = [[1e9, 'GB'], [1e6, 'MB'], [1e3, 'kB']];
    const [scale, name] = scales.find(([s]) => Math.abs(value) >= s) ?? [1, 'bytes'];
    return `${round(value / scale)} ${name}`;
  }
  if (unit === '%') return `${round(value)}%`;
  if (unit === 'ratio' || unit === '') return round(value);
  return unit.startsWith('/') ? `${round(value)}${unit}` : `${round(value)} ${unit}`;
}

/** Three significant digits at most, no exponent for everyday sizes. */
export function round(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return String(Math.round(value));
  return String(Number(value.toPrecision(magnitude >= 1 ? 3 : 2)));
}

/** "since 10:14, before the alert" (UTC clock time) when the onset is known. */
export function onsetWords(onsetSeconds: number | undefined, alertFiredAt: string | undefined): string {
  if (onsetSeconds === undefined) return '';
  const at = new Date(onsetSeconds * 1000);
  const clock = at.toISOString().slice(11, 16);
  const fired = alertFiredAt ? Date.parse(alertFiredAt) : NaN;
  if (Number.isNaN(fired)) return ` since ${clock} UTC`;
  return ` since ${clock} UTC, ${at.getTime() <= fired ? 'before' : 'after'} the alert`;
}

/**
 * The finding in plain words. A `metric on subject: median X (peak Y) vs Z normal, robust z …`
 * finding becomes `p90 latency of subject 0.65 s, normally 0.23 s — 2.8× higher since 10:14,
 * before the alert`; other findings keep their words with long numbers rounded and the robust-z
 * statistic left out. What follows the statistic (a `; but …` remark) is kept.
 */
export function plainFinding(finding: string, onsetSeconds?: number, alertFiredAt?: string): string {
  const match = STATISTIC.exec(finding);
  if (!match) return roundNumbers(finding.replace(ROBUST_Z, ''));
  const [, metric, subject, , observed, , normal, rest] = match;
  const { words, unit } = metricWords(metric);
  const value = Number(observed);
  const reference = Number(normal);
  const ratio = reference !== 0 && Math.sign(value) === Math.sign(reference) ? value / reference : undefined;
  const change =
    ratio === undefined ? (value > reference ? 'higher' : 'lower') : ratio >= 1.05 ? `${round(ratio)}× higher` : ratio <= 0.95 ? `${round(1 / ratio)}× lower` : 'about the same';
  const remark = rest.replace(ROBUST_Z, '').replace(/^[,\s]+/, '');
  return `${words} of ${subject.replace('/', ' (') + (subject.includes('/') ? ')' : '')} ${amount(value, unit)}, normally ${amount(reference, unit)} — ${change}${onsetWords(onsetSeconds, alertFiredAt)}${remark ? `${remark.startsWith(';') ? '' : '; '}${roundNumbers(remark)}` : ''}`;
}

function roundNumbers(text: string): string {
  return text.replace(/\d+\.\d{3,}/g, (n) => round(Number(n)));
}
