import type { ChatRequest } from '../../core/chat-request.js';
import { ProxyError, invalidRequest } from '../../core/proxy-error.js';
import type { DecodedOpenAIRequest } from './decode-openai-chat-request.js';
import { decodeOpenAIGeneration, decodeOpenAIStreaming, requireOpenAIModel } from './decode-openai-generation.js';
import { pickOpenAIPassthrough } from './decode-openai-passthrough.js';
import { openaiCompletionRequestSchema } from './openai-request-schemas.js';

const COMPLETION_PASSTHROUGH_KEYS: ReadonlySet<string> = new Set(['logit_bias']);

/** A string, or an array holding one string. Several prompts and token arrays are rejected. */
function decodePrompt(prompt: unknown): string {
  if (typeof prompt === 'string') return prompt;
  if (Array.isArray(prompt) && prompt.length === 1 && typeof prompt[0] === 'string') return prompt[0];
  if (prompt === undefined || prompt === null) throw invalidRequest("'prompt' is required", 'prompt');
  if (Array.isArray(prompt) && prompt.every((item) => typeof item === 'string')) {
    throw new ProxyError('unsupported', 'only one prompt per request is supported', { param: 'prompt' });
  }
  throw new ProxyError('unsupported', 'token-array prompts are not supported; send the prompt as a string', { param: 'prompt' });
}

/**
 * `POST /v1/completions` body → canonical request: the prompt as one user message, and as `prompt` for upstreams
 * with a native text-completion endpoint. The legacy integer `logprobs` is passed on in its chat form.
 */
export function decodeOpenAICompletionRequest(body: unknown): DecodedOpenAIRequest {
  const wire = openaiCompletionRequestSchema.parse(body);
  const model = requireOpenAIModel(wire.model);
  const text = decodePrompt(wire.prompt);
  if (wire.echo === true) throw new ProxyError('unsupported', 'echo is not supported', { param: 'echo' });
  if (wire.best_of != null && wire.best_of > 1) throw new ProxyError('unsupported', 'best_of > 1 is not supported', { param: 'best_of' });
  const { stream, includeUsage } = decodeOpenAIStreaming(wire);

  const request: ChatRequest = {
    model,
    messages: [{ role: 'user', content: [{ type: 'text', text }] }],
    stream,
    prompt: wire.suffix != null ? { text, suffix: wire.suffix } : { text },
    ...decodeOpenAIGeneration(wire, wire.max_tokens),
  };
  const passthrough = pickOpenAIPassthrough(wire, { include: COMPLETION_PASSTHROUGH_KEYS }) ?? {};
  if (wire.logprobs != null && wire.logprobs > 0) Object.assign(passthrough, { logprobs: true, top_logprobs: wire.logprobs });
  if (Object.keys(passthrough).length > 0) request.passthrough = passthrough;
  return { request, includeUsage };
}
