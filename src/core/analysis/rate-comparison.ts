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
