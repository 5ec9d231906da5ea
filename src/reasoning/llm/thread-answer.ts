import type { AIMessage, BaseMessage } from '@langchain/core/messages';
import type { StructuredToolInterface } from '@langchain/core/tools';
import { HumanMessage, SystemMessage, ToolMessage } from 'langchain';
import type { CallLedger } from './call-ledger';
import type { InvestigationRecordView } from './investigation-record';
import type { ModelGateway } from './model-gateway';
import type { Redactor } from './redactor';
import { clip, dataBlock, DATA_RULE } from './untrusted-data';

export const ANSWER_SYSTEM = [
  'You answer questions engineers ask in the chat thread of an incident investigation run by Causa.',
  "Causa's statistics decided every verdict and confidence; explain them, never change them. Use the tools to look up hypotheses, evidence and, when needed, run a read-only telemetry query.",
  'Answer in at most 4 short sentences of plain text. Cite the evidence ids (E… or Q…) and hypothesis ids (H…) your answer rests on, in the text. If the evidence does not cover the question, say so.',
  DATA_RULE,
].join('\n');

const MAX_TURNS = 5;

/** A candidate answer with the ids it cites, checked against the record. */
export interface CheckedAnswer {
  text: string;
  evidenceIds: string[];
  hypothesisIds: string[];
}

/**
 * Runs the tool-calling conversation for one question (LangChain tool calling, at most a few
 * turns) and returns the model's final text; null when it never answers in plain text.
 */
export async function modelAnswer(
  question: string,
  view: InvestigationRecordView,
  deps: { gateway: ModelGateway; ledger: CallLedger; tools: StructuredToolInterface[]; redactor: Redactor },
): Promise<string | null> {
  const summary = {
    alert: view.alert ? clip(view.alert.title, 200) : null,
    finished: view.finished,
    services: view.services,
    hypotheses: [...view.hypotheses.values()].slice(0, 30).map((h) => ({ id: h.id, service: h.subject.service, statement: h.statement, status: h.status, confidence: h.confidence ?? null })),
  };
  const messages: BaseMessage[] = [
    new SystemMessage(ANSWER_SYSTEM),
    new HumanMessage(['Answer the question below about this investigation.', dataBlock('question', deps.redactor.redactValue({ text: clip(question, 1000) })), dataBlock('thread', deps.redactor.redactValue(summary))].join('\n\n')),
  ];
  const byName = new Map(deps.tools.map((t) => [t.name, t]));
  for (let turn = 0; turn < MAX_TURNS; turn += 1) {
    const reply: AIMessage = await deps.gateway.chat('answer', messages, deps.tools, deps.ledger);
    const calls = reply.tool_calls ?? [];
    if (calls.length === 0) return typeof reply.content === 'string' ? reply.content : null;
    messages.push(reply);
    for (const call of calls) {
      const found = byName.get(call.name);
      let content: string;
      try {
        content = found ? String(await found.invoke(call.args)) : dataBlock('tool-result', { error: `no tool ${call.name}` });
      } catch (error) {
        content = dataBlock('tool-result', { error: `the tool failed: ${clip(error instanceof Error ? error.message : String(error), 200)}` });
      }
      messages.push(new ToolMessage({ content, tool_call_id: call.id ?? `${call.name}-${turn}` }));
    }
  }
  return null;
}

/**
 * Keeps an answer only when it cites evidence the investigation recorded (successful queries) and
 * names no hypothesis it does not have; otherwise the reason it was dropped.
 */
export function checkAnswer(text: string, view: InvestigationRecordView): CheckedAnswer | { dropped: string } {
  const evidenceIds = [...new Set(text.match(/\b[EQ]\d+\b/g) ?? [])];
  const hypothesisIds = [...new Set(text.match(/\bH\d+(?:\.\d+)*\b/g) ?? [])];
  const unknown = hypothesisIds.filter((id) => !view.hypotheses.has(id));
  if (unknown.length > 0) return { dropped: `it names hypotheses the investigation does not have (${unknown.join(', ')})` };
  const backed = evidenceIds.filter((id) => view.evidence.get(id)?.status === 'ok');
  if (backed.length === 0) return { dropped: evidenceIds.length === 0 ? 'it cites no evidence' : `none of ${evidenceIds.join(', ')} is successful evidence of this investigation` };
  return { text: text.trim(), evidenceIds: backed, hypothesisIds };
}
