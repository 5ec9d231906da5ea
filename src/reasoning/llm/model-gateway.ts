import type { AIMessage, BaseMessage } from '@langchain/core/messages';
import type { StructuredToolInterface } from '@langchain/core/tools';
import type { ChatOpenAI } from '@langchain/openai';
import { HumanMessage, SystemMessage } from 'langchain';
import { z } from 'zod';
import { errorMessage } from '../../core/errors';
import type { CallLedger } from './call-ledger';
import type { LlmSettings } from './llm-settings';
import { ModelCallError } from './model-call-error';
import { exchangeJson, withExchange } from './model-exchange';
import { backoffMs, classifyAttemptError, isRetryable, type AttemptFailure } from './retry-policy';
import { estimateTokens } from './token-estimate';

/** One request for a JSON answer matching `schema`. */
export interface StructuredRequest<S extends z.ZodType> {
  purpose: string;
  system: string;
  user: string;
  schema: S;
  /** The schema's name as the model sees it (snake_case). */
  schemaName: string;
}

/** Clock and randomness, replaceable in tests. */
export interface GatewayTiming {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/**
 * The one place Causa talks to the language model. Every call: is checked against the per-call
 * prompt limit and the investigation's remaining tokens before it is sent; runs at temperature 0
 * with a timeout; is retried with backoff on 429, 5xx, timeouts and dropped connections (honouring
 * Retry-After); is accounted from the response's usage fields and recorded in the audit log; and
 * has its answer validated (valid JSON, the schema, no refusal, not cut short). Anything else
 * raises a ModelCallError, on which reasoners fall back to the offline reasoner.
 */
export class ModelGateway {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(
    private readonly model: ChatOpenAI,
    readonly settings: LlmSettings,
    timing: GatewayTiming = {},
  ) {
    this.sleep = timing.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = timing.random ?? Math.random;
    this.now = timing.now ?? Date.now;
  }

  get modelName(): string {
    return this.settings.azure?.deployment ?? this.settings.model;
  }

  /** Estimated prompt tokens of a structured request (system, user and the schema). */
  estimate(request: { system: string; user: string; schema?: z.ZodType }): number {
    const schema = request.schema ? JSON.stringify(z.toJSONSchema(request.schema)) : '';
    return estimateTokens(request.system) + estimateTokens(request.user) + estimateTokens(schema) + 8;
  }

  async structured<S extends z.ZodType>(request: StructuredRequest<S>, ledger: CallLedger): Promise<z.infer<S>> {
    this.checkBudget(this.estimate(request), ledger);
    const jsonSchema = z.toJSONSchema(request.schema) as Record<string, unknown>;
    delete jsonSchema.$schema;
    const runnable = this.model.withStructuredOutput(jsonSchema, { name: request.schemaName, method: 'jsonSchema', includeRaw: true });
    const messages = [new SystemMessage(request.system), new HumanMessage(request.user)];
    return this.call(request.purpose, ledger, async () => (await runnable.invoke(messages)).raw as AIMessage, (message) => this.parse(message, request.schema));
  }

  /** One turn of a tool-calling conversation; the caller runs the tools and loops. */
  async chat(purpose: string, messages: BaseMessage[], tools: StructuredToolInterface[], ledger: CallLedger): Promise<AIMessage> {
    const estimate = messages.reduce((sum, m) => sum + estimateTokens(typeof m.content === 'string' ? m.content : JSON.stringify(m.content)), 0);
    this.checkBudget(estimate, ledger);
    const bound = this.model.bindTools(tools);
    return this.call(purpose, ledger, () => bound.invoke(messages), (message) => {
      this.checkFinished(message);
      return message;
    });
  }

  private checkBudget(estimate: number, ledger: CallLedger): void {
    if (estimate > this.settings.maxPromptTokens) {
      throw new ModelCallError('budget', `the prompt would be about ${estimate} tokens, over the per-call limit of ${this.settings.maxPromptTokens}`);
    }
    const needed = estimate + this.settings.maxOutputTokens;
    const left = ledger.remainingTokens();
    if (needed > left) throw new ModelCallError('budget', `the token budget has ${left} tokens left and this call needs up to ${needed}`);
  }

  /**
   * Runs `send` with retries, then `use` on the answer; accounts the answer's usage (also when it
   * turns out unusable) and records the call with its outcome.
   */
  private async call<T>(purpose: string, ledger: CallLedger, send: () => Promise<AIMessage>, use: (message: AIMessage) => T): Promise<T> {
    const started = this.now();
    let attempts = 0;
    const finish = async (outcome: 'ok' | 'failed', usage: { input: number; output: number }) => {
      ledger.addTokens(usage.input + usage.output);
      await ledger.record({ purpose, model: this.modelName, outcome, inputTokens: usage.input, outputTokens: usage.output, attempts, elapsedMs: this.now() - started });
    };
    for (;;) {
      attempts += 1;
      const { result, error, exchange } = await withExchange(send);
      if (result) {
        const usage = usageOf(result.usage_metadata, exchangeJson(exchange)?.usage);
        try {
          const value = use(result);
          await finish('ok', usage);
          return value;
        } catch (failure) {
          await finish('failed', usage);
          throw failure;
        }
      }
      // The endpoint answered 2xx but the client could not read the answer (invalid JSON, a refusal).
      const answered = exchange.status !== undefined && exchange.status < 300 ? exchangeJson(exchange) : undefined;
      if (answered) {
        await finish('failed', usageOf(undefined, answered.usage));
        throw this.unusableAnswer(answered, error);
      }
      const failure = classifyAttemptError(error);
      if (isRetryable(failure) && attempts <= this.settings.maxRetries) {
        await this.sleep(backoffMs(attempts, failure, this.settings.retryBaseDelayMs, this.random));
        continue;
      }
      await finish('failed', { input: 0, output: 0 });
      throw this.failureError(failure, attempts, error);
    }
  }

  private failureError(failure: AttemptFailure, attempts: number, cause: unknown): ModelCallError {
    const tries = `after ${attempts} attempt${attempts === 1 ? '' : 's'}`;
    switch (failure.kind) {
      case 'http':
        return new ModelCallError('http', `the model endpoint answered HTTP ${failure.status} ${tries}`, { cause, status: failure.status, attempts });
      case 'timeout':
        return new ModelCallError('timeout', `the model did not answer within ${this.settings.timeoutMs} ms ${tries}`, { cause, attempts });
      case 'connection':
        return new ModelCallError('connection', `the model endpoint could not be reached ${tries}`, { cause, attempts });
      default:
        return new ModelCallError('malformed', `the model call failed: ${errorMessage(cause).slice(0, 200)}`, { cause, attempts });
    }
  }

  /** Why an answer the client could not use is unusable, from the answer itself. */
  private unusableAnswer(body: Record<string, any>, cause: unknown): ModelCallError {
    const choice = body.choices?.[0];
    const finished = finishProblem(choice?.finish_reason, choice?.message?.refusal, this.settings.maxOutputTokens);
    if (finished) return finished;
    const content = typeof choice?.message?.content === 'string' ? choice.message.content : '';
    return new ModelCallError('malformed', content.trim() === '' ? 'the model returned an empty answer' : 'the model returned text that is not valid JSON', { cause });
  }

  private checkFinished(message: AIMessage): void {
    const raw = message.additional_kwargs?.__raw_response as { choices?: Array<{ finish_reason?: string; message?: { refusal?: string | null } }> } | undefined;
    const choice = raw?.choices?.[0];
    const problem = finishProblem(choice?.finish_reason, choice?.message?.refusal, this.settings.maxOutputTokens);
    if (problem) throw problem;
  }

  private parse<S extends z.ZodType>(message: AIMessage, schema: S): z.infer<S> {
    this.checkFinished(message);
    const content = typeof message.content === 'string' ? message.content : message.content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join('');
    let value: unknown;
    try {
      value = JSON.parse(stripFence(content));
    } catch {
      throw new ModelCallError('malformed', content.trim() === '' ? 'the model returned an empty answer' : 'the model returned text that is not valid JSON');
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
      throw new ModelCallError('schema', `the model's answer does not match the expected shape (${issues})`);
    }
    return parsed.data;
  }
}

function finishProblem(finishReason: unknown, refusal: unknown, maxOutputTokens: number): ModelCallError | undefined {
  if (typeof refusal === 'string' && refusal !== '') return new ModelCallError('refusal', 'the model refused to answer');
  if (finishReason === 'length') return new ModelCallError('truncated', `the answer was cut off at the ${maxOutputTokens}-token limit`);
  if (finishReason === 'content_filter') return new ModelCallError('refusal', "the provider's content filter stopped the answer");
  return undefined;
}

/** Token counts from LangChain's usage metadata, else from the response's usage fields. */
function usageOf(metadata: { input_tokens?: number; output_tokens?: number } | undefined, raw: { prompt_tokens?: number; completion_tokens?: number } | undefined): { input: number; output: number } {
  const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0);
  if (metadata && (metadata.input_tokens || metadata.output_tokens)) return { input: count(metadata.input_tokens), output: count(metadata.output_tokens) };
  return { input: count(raw?.prompt_tokens), output: count(raw?.completion_tokens) };
}

/** Some OpenAI-compatible servers wrap JSON in a Markdown fence even in JSON mode. */
function stripFence(text: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/.exec(text);
  return fenced ? fenced[1] : text;
}
