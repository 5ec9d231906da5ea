/**
 * Running L1 segment costs for change-point search: for every prefix of a series, the sum of
 * absolute deviations from the prefix median, in O(n log n) with a Fenwick tree over value ranks.
 */

/** costs[k] = Σ|y − median(ys[0..k))| over ys[0..k), for k = 0..n (costs[0] = 0). */
export function prefixL1Costs(ys: readonly number[]): number[] {
  const n = ys.length;
  const order = ys.map((_, i) => i).sort((a, b) => ys[a] - ys[b]);
  const rankOf = new Array<number>(n);
  order.forEach((index, rank) => (rankOf[index] = rank));
  const counts = new Float64Array(n + 1);
  const sums = new Float64Array(n + 1);
  const add = (tree: Float64Array, position: number, delta: number) => {
    for (let i = position + 1; i <= n; i += i & -i) tree[i] += delta;
  };
  const prefix = (tree: Float64Array, length: number) => {
    let total = 0;
    for (let i = length; i > 0; i -= i & -i) total += tree[i];
    return total;
  };
  // Number of inserted ranks below the first position holding the (target+1)-th inserted value.
  let highBit = 1;
  while (highBit * 2 <= n) highBit *= 2;
  const rankOfOrderStatistic = (target: number) => {
    let position = 0;
    let remaining = target;
    for (let step = highBit; step > 0; step >>= 1) {
      const next = position + step;
      if (next <= n && counts[next] <= remaining) {
        position = next;
        remaining -= counts[next];
      }
    }
    return position; // 0-based rank of the (target+1)-th smallest inserted value
  };

  const costs = [0];
  let total = 0;
  for (let k = 1; k <= n; k++) {
    const index = k - 1;
    add(counts, rankOf[index], 1);
    add(sums, rankOf[index], ys[index]);
    total += ys[index];
    const medianRank = rankOfOrderStatistic((k - 1) >> 1);
    const center = ys[order[medianRank]];
    const belowCount = prefix(counts, medianRank + 1);
    const belowSum = prefix(sums, medianRank + 1);
    costs.push(center * belowCount - belowSum + (total - belowSum) - center * (k - belowCount));
  }
  return costs;
}
