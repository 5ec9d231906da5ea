import { inflateSync } from 'node:zlib';
import { renderLineChart, valueLabel, valueScale, timeTicks } from '../../src/charts/line-chart';
import { encodePng, pngSize } from '../../src/charts/png-encoder';

/** Decodes the RGB pixels of a PNG made by encodePng (filter 0 rows, one IDAT). */
function pixels(png: Buffer): { width: number; height: number; at: (x: number, y: number) => number[] } {
  const size = pngSize(png)!;
  let offset = 8;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    if (type === 'IDAT') idat.push(png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = size.width * 3 + 1;
  return { ...size, at: (x, y) => [...raw.subarray(y * stride + 1 + x * 3, y * stride + 4 + x * 3)] };
}

describe('encodePng', () => {
  it('writes a PNG whose size and pixels read back', () => {
    const rgb = new Uint8Array(3 * 2 * 3);
    rgb.set([255, 0, 0], 0);
    rgb.set([0, 0, 255], 15);
    const png = encodePng(3, 2, rgb);
    expect(pngSize(png)).toEqual({ width: 3, height: 2 });
    const decoded = pixels(png);
    expect(decoded.at(0, 0)).toEqual([255, 0, 0]);
    expect(decoded.at(2, 1)).toEqual([0, 0, 255]);
    expect(decoded.at(1, 0)).toEqual([0, 0, 0]);
  });

  it('refuses a buffer of the wrong length, and pngSize refuses what is not a PNG', () => {
    expect(() => encodePng(2, 2, new Uint8Array(5))).toThrow(RangeError);
    expect(pngSize(Buffer.from('not a png at all, not even close to one'))).toBeUndefined();
    const png = encodePng(1, 1, new Uint8Array(3));
    png[20] ^= 0xff; // a corrupted IHDR fails its CRC
    expect(pngSize(png)).toBeUndefined();
  });
});

describe('renderLineChart', () => {
  const t0 = 1_715_677_200; // 09:00 UTC
  const timestamps = Array.from({ length: 60 }, (_, i) => t0 + i * 30);
  const values = timestamps.map((_, i) => (i < 40 ? 0.2 : 0.8));
  const spec = {
    title: 'p90 latency of checkout',
    unit: 's',
    series: [{ label: 'checkout', timestamps, values }],
    baseline: { start: t0, end: t0 + 600 },
    reference: 0.2,
    markers: [
      { kind: 'onset' as const, at: t0 + 1200 },
      { kind: 'alert' as const, at: t0 + 1500 },
    ],
  };

  it('draws a 640×240 PNG with the series, the shaded baseline and the marker lines', () => {
    const png = renderLineChart(spec);
    const image = pixels(png);
    expect(image.width).toBe(640);
    expect(image.height).toBe(240);
    const column = (x: number) => Array.from({ length: image.height }, (_, y) => image.at(x, y));
    const plotLeft = 58;
    const plotWidth = 640 - 58 - 12;
    const xOf = (t: number) => Math.round(plotLeft + ((t - t0) / (timestamps[59] - t0)) * plotWidth);
    // The alert line is red from top to bottom of the plot.
    expect(column(xOf(t0 + 1500)).filter(([r, g, b]) => r > 180 && g < 80 && b < 80).length).toBeGreaterThan(150);
    // The baseline period is tinted green, the rest of the background is white.
    expect(image.at(xOf(t0 + 300), 120)).not.toEqual([255, 255, 255]);
    expect(image.at(xOf(t0 + 300), 120)[1]).toBeGreaterThan(image.at(xOf(t0 + 300), 120)[0]);
    expect(image.at(xOf(t0 + 1000), 60)).toEqual([255, 255, 255]);
    // The series is blue: low before the change, high after it.
    const blue = ([r, g, b]: number[]) => b > 150 && r < 80;
    const blueRows = (x: number) => column(x).flatMap((p, y) => (blue(p) ? [y] : []));
    expect(Math.min(...blueRows(xOf(t0 + 1700)))).toBeLessThan(Math.min(...blueRows(xOf(t0 + 700))) - 100);
  });

  it('is deterministic and draws without markers, baseline or reference', () => {
    expect(renderLineChart(spec).equals(renderLineChart(spec))).toBe(true);
    const bare = renderLineChart({ title: 't', unit: '', series: [{ label: 'x', timestamps: [t0], values: [5] }], markers: [] });
    expect(pngSize(bare)).toEqual({ width: 640, height: 240 });
  });
});

describe('chart scales', () => {
  it('picks round ticks, clock times and short labels', () => {
    expect(valueScale(0, 0.83)).toEqual([0, 1, [0, 0.25, 0.5, 0.75, 1]]);
    expect(timeTicks(1_715_677_200, 1_715_679_000)).toHaveLength(7); // 09:00 … 09:30 every 5 minutes
    expect(valueLabel(25_000, '')).toBe('25k');
    expect(valueLabel(6.67e8, 'bytes')).toBe('667 MB');
    expect(valueLabel(0.25, 's')).toBe('0.25 s');
    expect(valueLabel(75, '%')).toBe('75%');
  });
});
