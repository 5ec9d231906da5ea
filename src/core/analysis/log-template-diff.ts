/**
 * Compares log-template counts of an incident window with a baseline window and reports the
 * templates whose frequency changed more than traffic explains.
 */

/** Lines per template (template text → count) in one window. */
export interface TemplateCounts {
  [template: string]: number;
}

/** Options of {@link diffTemplates}. */
export interface TemplateDiffOptions {
  /** Total lines of the baseline window (normaliser when traffic is not given). */
  baselineTotal?: number;
  /** Total lines of the current window (normaliser when traffic is not given). */
  currentTotal?: number;
  /**
   * Traffic (requests, spans, or duration) of each window. When both are given:
   * expected = baselineCount × currentTraffic / baselineTraffic.
   */
  baselineTraffic?: number;
  currentTraffic?: number;
  /**
   * Smallest count worth reporting (default 5): a new template needs that many current lines, a
   * vanished one that many expected lines, and any template needs it in one of the two windows.
   */
  minCount?: number;
  /** Smallest surprise score for `surging` and `dropping` (default 3). */
  minScore?: number;
}

/** One changed template. */
export interface TemplateChange {
  template: string;
  /** `new`: absent from the baseline; `vanished`: absent now though expected; otherwise the sign. */
  kind: 'new' | 'surging' | 'vanished' | 'dropping';
  baselineCount: number;
  currentCount: number;
  /** Current count expected from the baseline count and the traffic ratio. */
  expected: number;
  /** Surprise (non-negative): square root of the binomial deviance, ≈ a z-score. */
  score: number;
}

/**
 * Templates that appeared, vanished, surged or dropped, most surprising first.
 *
 * The test conditions on the template's total n = baselineCount + currentCount: with no change
 * the current share of n is p = r / (1 + r), r being the current/baseline traffic ratio, so
 * both windows' Poisson noise is accounted for and a template absent from the baseline still
 * gets a finite score. score = √(2 · Σ observed · ln(observed / expected)) over the two windows.
 * The traffic ratio comes from `*Traffic` when both are positive, else from `*Total`, else from
 * the sums of the two count maps.
 */
export function diffTemplates(
  baseline: TemplateCounts,
  current: TemplateCounts,
  options: TemplateDiffOptions = {},
): TemplateChange[] {
  const ratio = trafficRatio(baseline, current, options);
  const minCount = options.minCount ?? 5;
  const minScore = options.minScore ?? 3;
  const templates = new Set([...Object.keys(baseline), ...Object.keys(current)]);
  const changes: TemplateChange[] = [];
  for (const template of templates) {
    const baselineCount = countOf(baseline, template);
    const currentCount = countOf(current, template);
    const expected = baselineCount * ratio;
    if (Math.max(baselineCount, currentCount) < minCount) continue;
    const score = binomialSurprise(baselineCount, currentCount, ratio);
    let kind: TemplateChange['kind'];
    if (baselineCount === 0) {
      if (currentCount < minCount) continue;
      kind = 'new';
    } else if (currentCount === 0) {
      if (expected < minCount) continue;
      kind = 'vanished';
    } else {
      if (score < minScore) continue;
      kind = currentCount > expected ? 'surging' : 'dropping';
    }
    changes.push({ template, kind, baselineCount, currentCount, expected, score });
  }
  return changes.sort((a, b) => b.score - a.score || a.template.localeCompare(b.template));
}

function countOf(counts: TemplateCounts, template: string): number {
  const value = counts[template];
  return Number.isFinite(value) && value > 0 ? value : 0;
}

function sumOf(counts: TemplateCounts): number {
  return Object.keys(counts).reduce((sum, template) => sum + countOf(counts, template), 0);
}

function trafficRatio(baseline: TemplateCounts, current: TemplateCounts, options: TemplateDiffOptions): number {
  const pairs: Array<[number | undefined, number | undefined]> = [
    [options.baselineTraffic, options.currentTraffic],
    [options.baselineTotal, options.currentTotal],
    [sumOf(baseline), sumOf(current)],
  ];
  for (const [before, now] of pairs) {
    if (before !== undefined && now !== undefined && before > 0 && now > 0) return now / before;
  }
  return 1;
}

/** √ of the deviance of (baselineCount, currentCount) from the no-change split of their sum. */
function binomialSurprise(baselineCount: number, currentCount: number, ratio: number): number {
  const n = baselineCount + currentCount;
  if (n === 0) return 0;
  const expectedCurrent = (n * ratio) / (1 + ratio);
  const expectedBaseline = n - expectedCurrent;
  const deviance = 2 * (term(currentCount, expectedCurrent) + term(baselineCount, expectedBaseline));
  return Math.sqrt(Math.max(0, deviance));
}

function term(observed: number, expected: number): number {
  return observed === 0 ? 0 : observed * Math.log(observed / expected);
}
