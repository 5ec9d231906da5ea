import { detectChangePoint } from '../../../src/core/analysis/change-point';
import { gaussianNoise, timeAxis } from './seeded-random';
test('probe', () => {
  for (const [mag, stat] of [[1.5, 4.5], [1.5, 4], [1.5, 5]]) {
    const out: string[] = [];
    for (const n of [20, 35, 60, 300]) {
      let fp = 0, hit3 = 0, hit4 = 0, end5 = 0;
      for (let seed = 1; seed <= 300; seed++) {
        const noise = gaussianNoise(n, seed);
        if (detectChangePoint(timeAxis(n), noise, { minMagnitude: mag, minStatistic: stat })) fp++;
        for (const [h, inc] of [[3, () => hit3++], [4, () => hit4++]] as Array<[number, () => number]>) {
          const r = detectChangePoint(timeAxis(n), noise.map((y, i) => (i >= n / 2 ? y + h : y)), { minMagnitude: mag, minStatistic: stat });
          if (r && Math.abs(r.index - n / 2) <= 1) inc();
        }
        const r = detectChangePoint(timeAxis(n), noise.map((y, i) => (i >= n - 4 ? y + 6 : y)), { minMagnitude: mag, minStatistic: stat });
        if (r && Math.abs(r.index - (n - 4)) <= 1) end5++;
      }
      out.push(`n=${n} fp=${fp} hit3=${hit3} hit4=${hit4} end4x6σ=${end5}`);
    }
    console.log(mag, stat, out.join(' | '));
  }
});
