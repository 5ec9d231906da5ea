import { logStreamsOf } from '../../../src/scenarios/cluster-log-streams';
import { renderScenario } from '../../../src/scenarios/scenario-catalog';
import { FakeLokiServer } from './fake-loki-server';

/** A fake Loki holding one built-in scenario's logs, started; plus the scenario's files. */
export async function scenarioLoki(id: string): Promise<{ loki: FakeLokiServer; files: Record<string, string>; window: { start: string; end: string } }> {
  const { files } = renderScenario(id);
  const loki = await new FakeLokiServer(logStreamsOf(files['logs.jsonl'], id)).start();
  const window = (JSON.parse(files['case.json']) as { window: { start: string; end: string } }).window;
  return { loki, files, window };
}
