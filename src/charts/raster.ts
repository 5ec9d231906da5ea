import { GLYPH_ADVANCE, glyphPixels } from './bitmap-font';
import { encodePng } from './png-encoder';

/** An RGB colour. */
export type Rgb = readonly [number, number, number];

/**
 * An RGB raster with the few drawing operations a chart needs: rectangles, lines of a given
 * width (solid or dashed), blended fills and bitmap text. Coordinates outside are clipped.
 */
export class Raster {
  private readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb = [255, 255, 255],
  ) {
    this.pixels = new Uint8Array(width * height * 3);
    this.fillRect(0, 0, width, height, background);
  }

  /** Sets one pixel; `alpha` blends it over what is there. */
  plot(x: number, y: number, color: Rgb, alpha = 1): void {
    const px = Math.round(x);
    const py = Math.round(y);
    if (px < 0 || py < 0 || px >= this.width || py >= this.height) return;
    const offset = (py * this.width + px) * 3;
    for (let c = 0; c < 3; c += 1) this.pixels[offset + c] = Math.round(this.pixels[offset + c] * (1 - alpha) + color[c] * alpha);
  }

  /** The colour at (x, y). */
  at(x: number, y: number): Rgb {
    const offset = (y * this.width + x) * 3;
    return [this.pixels[offset], this.pixels[offset + 1], this.pixels[offset + 2]];
  }

  fillRect(x: number, y: number, width: number, height: number, color: Rgb, alpha = 1): void {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + width));
    const y1 = Math.min(this.height, Math.round(y + height));
    for (let py = y0; py < y1; py += 1) for (let px = x0; px < x1; px += 1) this.plot(px, py, color, alpha);
  }

  /** A line from (x0, y0) to (x1, y1), `thickness` pixels wide; `dash` = [on, off] lengths. */
  line(x0: number, y0: number, x1: number, y1: number, color: Rgb, thickness = 1, dash?: readonly [number, number]): void {
    const length = Math.hypot(x1 - x0, y1 - y0);
    const steps = Math.max(1, Math.ceil(length * 2));
    const half = (thickness - 1) / 2;
    for (let i = 0; i <= steps; i += 1) {
      const t = i / steps;
      if (dash && (t * length) % (dash[0] + dash[1]) >= dash[0]) continue;
      const x = x0 + (x1 - x0) * t;
      const y = y0 + (y1 - y0) * t;
      for (let dy = -half; dy <= half; dy += 1) for (let dx = -half; dx <= half; dx += 1) this.plot(x + dx, y + dy, color);
    }
  }

  /** Bitmap text with its top-left corner at (x, y). */
  text(x: number, y: number, text: string, color: Rgb, scale = 1): void {
    [...text].forEach((char, index) => {
      for (const [gx, gy] of glyphPixels(char)) this.fillRect(x + (index * GLYPH_ADVANCE + gx) * scale, y + gy * scale, scale, scale, color);
    });
  }

  toPng(): Buffer {
    return encodePng(this.width, this.height, this.pixels);
  }
}
