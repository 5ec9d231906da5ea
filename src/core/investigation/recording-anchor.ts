import type { SourceCatalog } from '../ports/telemetry-source';

/**
 * A recording (a bounded source) knows only its own window. An alert replayed from it long after
 * (posted today, its text carrying no time of its own) fired outside that window; it is
 * investigated at the recording's own alert time, else at the end of the recorded window, so a
 * replay gives the answer the recording holds whatever the post time.
 */
export function anchorToRecording<A extends { firedAt: string }>(alert: A, catalog: Pick<SourceCatalog, 'window' | 'alertAt'>): A {
  const window = catalog.window;
  if (!window) return alert;
  const fired = Date.parse(alert.firedAt);
  if (fired >= Date.parse(window.start) && fired <= Date.parse(window.end)) return alert;
  return { ...alert, firedAt: catalog.alertAt ?? window.end };
}
