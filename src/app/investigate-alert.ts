import { parseAlertOrThrow } from '../core/alerts/alert-recognizer';
import type { Budget, Thresholds } from '../core/investigation/budget-schema';
import { Investigator } from '../core/investigation/investigator';
import type { Reasoner } from '../core/ports/reasoner';
import type { TelemetrySource } from '../core/ports/telemetry-source';
import type { Report } from '../core/report/report-schema';

export interface AlertInvestigationOptions {
  source: TelemetrySource;
  /** The alert message as the alerting tool posted it. */
  text: string;
  /** When it was posted (ISO 8601); the alert's own time wins when its text has one. */
  postedAt: string;
  reasoner: Reasoner;
  budget: Budget;
  thresholds: Thresholds;
  investigationId?: string;
}

/**
 * Investigates a pasted alert against a configured (live) telemetry source, as the chat surfaces
 * do: the alert is recognized from its text (InputError saying what is wrong when it is not one),
 * the window is the minutes around it and the reference is what came just before.
 */
export async function investigateAlert(options: AlertInvestigationOptions): Promise<Report> {
  const alert = parseAlertOrThrow(options.text, { postedAt: options.postedAt, now: () => new Date(options.postedAt) });
  const investigator = new Investigator({ reasoner: options.reasoner, source: options.source, budget: options.budget, thresholds: options.thresholds });
  return investigator.run({ investigationId: options.investigationId ?? `inv-${alert.fingerprint.slice(0, 12)}`, alert, record: async () => undefined });
}
