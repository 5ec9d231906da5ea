import { otlpTracesOf } from '../../../src/scenarios/cluster-otlp-traces';
import { renderScenario } from '../../../src/scenarios/scenario-catalog';

/** A scenario's files, its window and its traces as an OTLP export. */
export function scenarioTraces(id: string) {
  const { files } = renderScenario(id);
  const window = (JSON.parse(files['case.json']) as { window: { start: string; end: string } }).window;
  return { files, window, otlp: otlpTracesOf(files['spans.jsonl'], id) };
}
