/**
 * The plain alert list of Grafana's default Slack template (also used by many Alertmanager
 * templates): per alert an optional `Value: A=1, B=2` line, a `Labels:` block and an
 * `Annotations:` block of ` - key = value` items, and `Source:` / `Silence:` / `Dashboard:` links.
 */
export interface LabelBlock {
  status?: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Values in the order printed (`A=0.717, B=0.405`). */
  values: { ref: string; value: number }[];
  links: Record<string, string>;
}

const ITEM = /^\s*[-•*]\s+([A-Za-z_][\w.\-/]*)\s*=\s?(.*)$/;
const LINK = /^\s*(Source|Silence|Dashboard|Panel|Runbook|Runbook URL|Generator URL|Image):\s*(\S+)\s*$/i;
const STATUS = /^\s*(Firing|Resolved)\s*$/i;

/** Parses every alert block (those with at least one label) in order. */
export function parseLabelBlocks(lines: readonly string[]): LabelBlock[] {
  const blocks: LabelBlock[] = [];
  let status: LabelBlock['status'];
  let current = emptyBlock(status);
  let mode: 'labels' | 'annotations' | null = null;
  let lastAnnotation: string | null = null;
  const flush = (): void => {
    if (Object.keys(current.labels).length > 0) blocks.push(current);
    current = emptyBlock(status);
  };

  for (const line of lines) {
    const statusMatch = STATUS.exec(line);
    if (statusMatch) {
      flush();
      status = statusMatch[1].toLowerCase() as LabelBlock['status'];
      current.status = status;
      mode = null;
      continue;
    }
    const valueLine = /^\s*Values?:\s*(.+)$/i.exec(line);
    if (valueLine) {
      if (Object.keys(current.labels).length > 0 || current.values.length > 0) flush();
      current.values = parseValues(valueLine[1]);
      mode = null;
      continue;
    }
    if (/^\s*Labels:\s*$/i.test(line)) {
      if (Object.keys(current.labels).length > 0) flush();
      mode = 'labels';
      continue;
    }
    if (/^\s*Annotations:\s*$/i.test(line)) {
      mode = 'annotations';
      continue;
    }
    const item = ITEM.exec(line);
    if (item && mode) {
      const target = mode === 'labels' ? current.labels : current.annotations;
      target[item[1]] = item[2].trim();
      lastAnnotation = mode === 'annotations' ? item[1] : null;
      continue;
    }
    const link = LINK.exec(line);
    if (link) {
      current.links[link[1].toLowerCase()] = link[2];
      mode = null;
      continue;
    }
    // A multi-line annotation value continues until the next block marker.
    if (mode === 'annotations' && lastAnnotation && line.trim() !== '') {
      current.annotations[lastAnnotation] += `\n${line.trim()}`;
      continue;
    }
    mode = null;
  }
  flush();
  return blocks;
}

/** Reads `A=0.717, B=0.405` and the older `[ var='A' labels={…} value=0.717 ]` form. */
export function parseValues(text: string): { ref: string; value: number }[] {
  const values: { ref: string; value: number }[] = [];
  const legacy = /var='([^']+)'[^\]]*?value=(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)/gi;
  for (const match of text.matchAll(legacy)) values.push({ ref: match[1], value: Number(match[2]) });
  if (values.length > 0) return values;
  const modern = /([A-Za-z_][\w]*)=(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)/gi;
  for (const match of text.matchAll(modern)) values.push({ ref: match[1], value: Number(match[2]) });
  return values;
}

function emptyBlock(status: LabelBlock['status']): LabelBlock {
  return { status, labels: {}, annotations: {}, values: [], links: {} };
}

const GO_MAP = /\bmap\[([^\]\n]{1,2000})\]/g;
const GO_MAP_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Label sets printed as a Go map, as rule annotations that include `{{ $labels }}` render them
 * (awesome-prometheus-alerts: `LABELS = map[instance:10.0.4.21:9100 job:node-exporter]`). A value
 * holding spaces continues until the next `key:` token.
 */
export function parseGoLabelMaps(lines: readonly string[]): Record<string, string>[] {
  const maps: Record<string, string>[] = [];
  for (const line of lines) {
    for (const match of line.matchAll(GO_MAP)) {
      const labels: Record<string, string> = {};
      let last: string | undefined;
      for (const token of match[1].split(/\s+/).filter(Boolean)) {
        const colon = token.indexOf(':');
        const key = colon > 0 ? token.slice(0, colon) : '';
        if (GO_MAP_KEY.test(key)) {
          labels[key] = token.slice(colon + 1);
          last = key;
        } else if (last) labels[last] += ` ${token}`;
      }
      if (Object.keys(labels).length > 0) maps.push(labels);
    }
  }
  return maps;
}
