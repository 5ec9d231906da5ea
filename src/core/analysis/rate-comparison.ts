/**
 * Compares two event counts observed over different exposures (time, requests, spans): `before`
 * events over `exposureBefore` and `now` events over `exposureNow`. Under "same rate" the pooled
 * rate predicts both counts; the likelihood-ratio (G) statistic measures how far the counts are
 * from that, counting the uncertainty of both (a reference of 3 lines says little about a rate).
 *
 * Returns the signed root of G (≈ a z score): positive when the rate rose, negative when it fell,
 * 0 when either exposure is missing.
 */
export function rateChangeScore(before: number, exposureBefore: number, now: number, exposureNow: number): number {
  if (!(exposureBefore > 0) || !(exposureNow > 0) || before < 0 || now < 0) return 0;
  const pooled = (before + now) / (exposureBefore + exposureNow);
  if (pooled === 0) return 0;
  const term = (count: number, exposure: number): number => (count === 0 ? 0 : count * Math.log(count / (pooled * exposure)));
  const g = 2 * (term(before, exposureBefore) + term(now, exposureNow));
  const sign = now / exposureNow >= before / exposureBefore ? 1 : -1;
  return sign * Math.sqrt(Math.max(0, g));
}

/**
 * Compares two shares: `before` of `trialsBefore` against `now` of `trialsNow` (executions that made
 * a call, of all executions). The likelihood-ratio (G) statistic of the 2×2 table, as a signed root
 * (≈ a z score): positive when the share rose, negative when it fell, 0 when either side is empty.
 * Unlike a rate, a share near 1 has almost no spread: an operation that made a call in every one
 * of 200 executions and skipped it in 6 of 16 has clearly changed, which counting the calls as a
 * rate would not tell.
 */
export function shareChangeScore(before: number, trialsBefore: number, now: number, trialsNow: number): number {
  if (!(trialsBefore > 0) || !(trialsNow > 0) || before < 0 || now < 0 || before > trialsBefore || now > trialsNow) return 0;
  const pooled = (before + now) / (trialsBefore + trialsNow);
  if (pooled === 0 || pooled === 1) return 0;
  const term = (count: number, expected: number): number => (count === 0 ? 0 : count * Math.log(count / expected));
  const side = (hits: number, trials: number) => term(hits, pooled * trials) + term(trials - hits, (1 - pooled) * trials);
  const g = 2 * (side(before, trialsBefore) + side(now, trialsNow));
  const sign = now / trialsNow >= before / trialsBefore ? 1 : -1;
  return sign * Math.sqrt(Math.max(0, g));
}
