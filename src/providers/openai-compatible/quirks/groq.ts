import type { OpenAICompatibleQuirks } from './quirks-types.js';
import { clampEffort } from './clamp-effort.js';

/**
 * Groq: 400s on logprobs/logit_bias/top_logprobs and messages[].name; usage arrives in `x_groq.usage` on the last
 * stream chunk. Reasoning models take `reasoning_format`: "parsed" puts the text in `reasoning` instead of <think>
 * tags inside content. (console.groq.com/docs/openai, groq-typescript ChatCompletionCreateParams)
 */
export const groqQuirks: OpenAICompatibleQuirks = {
  maxTokensField: 'max_completion_tokens',
  seedField: 'seed',
  streamOptions: false,
  requiredToolChoice: 'required',
  passthroughAllowed: new Set(['service_tier', 'search_settings', 'citation_options', 'disable_tool_validation']),
  sendUser: true,
  embeddings: false,
  legacyCompletions: false,
  encodeReasoning(request, model, body) {
    if (!model.capabilities.includes('thinking')) return;
    body.reasoning_format = request.reasoning === false ? 'hidden' : 'parsed';
    if (typeof request.reasoning === 'string' && model.reasoningEfforts?.length) {
      body.reasoning_effort = clampEffort(request.reasoning, model.reasoningEfforts);
    }
  },
};

