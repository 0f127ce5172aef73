import type { ReasoningEffort } from '../../core/chat-request.js';
import { invalidRequest } from '../../core/proxy-error.js';
import type { OpenAIChatRequest } from './openai-request-schemas.js';

const EFFORTS: ReadonlySet<string> = new Set<ReasoningEffort>(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']);

function toEffort(value: string, param: string): ReasoningEffort {
  if (!EFFORTS.has(value)) throw invalidRequest(`'${param}' must be one of ${[...EFFORTS].join(', ')}`, param);
  return value as ReasoningEffort;
}

/**
 * `reasoning_effort` (OpenAI) or `reasoning: {effort}` (OpenRouter, Ollama, vLLM) → an effort; OpenRouter's
 * `reasoning: {enabled}` without an effort → on/off.
 */
export function decodeOpenAIReasoning(body: Pick<OpenAIChatRequest, 'reasoning_effort' | 'reasoning'>): boolean | ReasoningEffort | undefined {
  if (body.reasoning_effort != null) return toEffort(body.reasoning_effort, 'reasoning_effort');
  if (body.reasoning?.effort != null) return toEffort(body.reasoning.effort, 'reasoning.effort');
  if (body.reasoning?.enabled != null) return body.reasoning.enabled;
  return undefined;
}
