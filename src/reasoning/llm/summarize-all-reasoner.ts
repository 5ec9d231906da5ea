import type { Hypothesis } from '../../core/investigation/hypothesis-schema';
import type { HypothesisDraft, InvestigationContext, JudgementDraft, Reasoner, ReasonerSession } from '../../core/ports/reasoner';
import type { QueryOutcome } from '../../core/ports/telemetry-source';
import type { NarrativeSentence, Report } from '../../core/report/report-schema';
import { OfflineReasoner } from '../offline/offline-reasoner';
import { contextLedger } from './context-ledger';
import type { ModelGateway } from './model-gateway';
import { NarrativeOutputSchema } from './output-schemas';
import { Redactor } from './redactor';
import { clip, dataBlock, DATA_RULE } from './untrusted-data';

/** Each pasted result is cut here: the strategy is naive, not unbounded per query. */
const RESULT_LENGTH = 6000;

const SYSTEM = [
  'You are an SRE writing the root-cause analysis of an incident from the results of every telemetry query that was run.',
  'Write at most 6 short sentences; each names the hypotheses (H… ids) and evidence (E… ids) it rests on, with stance "cause" or "ruled-out".',
  'Answer with JSON only, matching the schema.',
  DATA_RULE,
].join('\n');

/**
 * The naive strategy, kept only as a benchmark baseline (`--strategy summarize-all`): the same
 * queries as the offline investigation, then every result pasted into one prompt. Its prompt
 * grows with the number of queries; compare with the LLM reasoner, whose calls carry digests.
 */
export class SummarizeAllReasoner implements Reasoner {
  readonly name = 'llm-summarize-all';
  private readonly offline = new OfflineReasoner();

  constructor(private readonly options: { gateway: ModelGateway }) {}

  async begin(context: InvestigationContext): Promise<ReasonerSession> {
    const results: QueryOutcome[] = [];
    const capture = (ctx: InvestigationContext): InvestigationContext =>
      Object.create(ctx, {
        query: {
          value: async (...args: Parameters<InvestigationContext['query']>) => {
            const outcome = await ctx.query(...args);
            results.push(outcome);
            return outcome;
          },
        },
      });
    const offline = await this.offline.begin(capture(context));
    const redactor = new Redactor({ ...this.options.gateway.settings.redact, keep: context.catalog.services });
    const gateway = this.options.gateway;
    return {
      propose: (ctx): Promise<HypothesisDraft[]> => offline.propose(capture(ctx)),
      test: (h: Hypothesis, ctx): Promise<JudgementDraft> => offline.test(h, capture(ctx)),
      decompose: (h: Hypothesis, ctx): Promise<HypothesisDraft[]> => offline.decompose(h, capture(ctx)),
      narrate: async (report: Report, ctx): Promise<NarrativeSentence[]> => {
        const pasted = results.map((r) => ({ id: r.evidence.id, query: r.evidence.queryText, status: r.evidence.status, result: clip(JSON.stringify(r.data ?? r.evidence.summary), RESULT_LENGTH) }));
        const user = [`Task: write the root-cause analysis of the alert "${clip(report.alert.title, 200)}" from all query results below.`, dataBlock('results', redactor.redactValue(pasted))].join('\n\n');
        try {
          const output = await gateway.structured({ purpose: 'summarize-all', system: SYSTEM, user, schema: NarrativeOutputSchema, schemaName: 'write_narrative' }, contextLedger(ctx));
          return output.sentences;
        } catch (error) {
          await ctx.record({ type: 'reasoner-fallback', stage: 'summarize-all', reason: error instanceof Error ? error.message.slice(0, 300) : String(error) });
          return [];
        }
      },
    };
  }
}
