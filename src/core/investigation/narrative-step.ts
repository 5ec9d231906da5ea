import { errorMessage } from '../errors';
import type { InvestigationContext, ReasonerSession } from '../ports/reasoner';
import { checkNarrative } from '../report/narrative-check';
import type { Report } from '../report/report-schema';

/** How much of a dropped sentence the audit log quotes. */
const CLAIM_QUOTE_LENGTH = 200;

/**
 * Asks the reasoner (when it writes one) for the narrative of a finished report and keeps only
 * the sentences the report can stand behind; each dropped sentence is recorded with its reason.
 * A failing narrator costs the report nothing but a data gap (not sealed: the hash covers the evidence).
 */
export async function addNarrative(report: Report, session: ReasonerSession, context: InvestigationContext): Promise<Report> {
  if (!session.narrate) return report;
  try {
    const sentences = await session.narrate(report, context);
    const { kept, rejected } = checkNarrative(report, sentences);
    for (const { sentence, reason } of rejected) {
      await context.record({ type: 'claim-dropped', stage: 'narrate', claim: sentence.text.slice(0, CLAIM_QUOTE_LENGTH), reason });
    }
    return { ...report, narrative: kept };
  } catch (error) {
    return { ...report, dataGaps: [...report.dataGaps, `writing the narrative failed: ${errorMessage(error)}`] };
  }
}
