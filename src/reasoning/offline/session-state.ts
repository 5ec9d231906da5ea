import type { Triage } from './triage';

/** What the offline reasoner remembers during one investigation. */
export interface SessionState {
  triage: Triage;
  /** Onset (unix seconds) found when a hypothesis was judged, by hypothesis id. */
  onsets: Map<string, number>;
}
