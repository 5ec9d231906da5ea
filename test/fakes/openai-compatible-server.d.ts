/** One request as a responder sees it (see openai-compatible-server.js). */
export interface ModelRequest {
  index: number;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  model: string;
  /** The `json_schema` response format's name, when the request asks for one. */
  schemaName?: string;
  schema?: any;
  toolNames: string[];
  system: string;
  user: string;
  /** The whole request body as JSON text. */
  all: string;
  /** Parsed `<data label>` blocks of the user and tool messages. */
  data: Record<string, any>;
}

/** How the server answers one request. */
export type ModelReply =
  | { json: unknown; delayMs?: number; finishReason?: string }
  | { content: string; delayMs?: number; finishReason?: string }
  | { toolCalls: Array<{ name: string; arguments: unknown }>; delayMs?: number }
  | { refusal: string; delayMs?: number }
  | { status: number; error?: Record<string, unknown>; headers?: Record<string, string>; delayMs?: number }
  | { hang: true }
  | { drop: true };

export type ModelResponder = (request: ModelRequest) => ModelReply | Promise<ModelReply>;

export declare class OpenAiCompatibleServer {
  constructor(responder: ModelResponder);
  readonly requests: Array<{ path: string; headers: Record<string, string | string[] | undefined>; body: any; raw: string; usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } }>;
  readonly port: number;
  readonly url: string;
  readonly azureEndpoint: string;
  readonly usage: { prompt: number; completion: number };
  responder: ModelResponder;
  start(): Promise<this>;
  stop(): Promise<void>;
}

export declare function countTokens(text: string): number;
export declare function promptTokens(body: unknown): number;
export declare function dataBlocks(text: string): Record<string, any>;
