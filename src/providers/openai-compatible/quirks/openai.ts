import type { OpenAICompatibleQuirks } from './quirks-types.js';

/** The reference dialect. Reasoning models want max_completion_tokens, which every OpenAI model accepts. */
export const openaiQuirks: OpenAICompatibleQuirks = {
  maxTokensField: 'max_completion_tokens',
  seedField: 'seed',
  streamOptions: true,
  requiredToolChoice: 'required',
  // OpenAI 400s on unknown arguments, so only its own extra fields go through.
  passthroughAllowed: new Set([
    'logprobs',
    'top_logprobs',
    'logit_bias',
    'service_tier',
    'metadata',
    'store',
    'prediction',
    'modalities',
    'audio',
    'verbosity',
    'web_search_options',
    'safety_identifier',
    'prompt_cache_key',
    'prompt_cache_options',
    'moderation',
  ]),
  sendUser: true,
  embeddings: true,
  legacyCompletions: true,
};
