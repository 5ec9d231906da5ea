import type { ModelResponder } from './openai-compatible-server';

export declare const helpfulModel: ModelResponder;
export declare const gullibleModel: ModelResponder;
export declare const adversarialModel: ModelResponder;
export declare const KIND_FOR_FAMILY: Record<string, string>;
