/**
 * OpenMetrics text as `promtool tsdb create-blocks-from openmetrics` reads it: one block per
 * metric family (`# TYPE` first), each series' samples in time order, timestamps in seconds,
 * `# EOF` last. Label values are escaped; samples arrive in any order.
 */
export class OpenMetricsWriter {
  private readonly families = new Map<string, { type: string; series: Map<string, Array<[number, number, string]>> }>();

  /** Adds one sample of `name` (a family member such as `<family>_total` or `<family>_bucket`). */
  add(family: string, type: 'counter' | 'gauge' | 'histogram' | 'summary', name: string, labels: Readonly<Record<string, string>>, timestamp: number, value: number): void {
    const entry = this.families.get(family) ?? this.families.set(family, { type, series: new Map() }).get(family)!;
    const key = `${name}{${Object.entries(labels)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
      .join(',')}}`;
    const samples = entry.series.get(key) ?? entry.series.set(key, []).get(key)!;
    samples.push([timestamp, value, key]);
  }

  render(): string {
    const out: string[] = [];
    for (const [family, { type, series }] of [...this.families].sort(([a], [b]) => a.localeCompare(b))) {
      out.push(`# TYPE ${family} ${type}`);
      for (const [key, samples] of [...series].sort(([a], [b]) => a.localeCompare(b))) {
        for (const [t, v] of samples.sort((a, b) => a[0] - b[0])) out.push(`${key} ${Number.isFinite(v) ? v : 'NaN'} ${t}`);
      }
    }
    return `${out.join('\n')}\n# EOF\n`;
  }
}
