/** A ratio as a z-like score: ×1.3 → 1, ×2 → 2.6, ×3 → 4.2. Small samples count less. */
export function ratioScore(current: number, reference: number, floor: number, count: number): number {
  const ratio = (current + floor) / (reference + floor);
  if (!(ratio > 1)) return 0;
  return (Math.log(ratio) / Math.log(1.3)) * Math.min(1, Math.sqrt(count / 20));
}
