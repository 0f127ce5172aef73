import type { OpenAICompatibleQuirks } from './quirks-types.js';

/**
 * xAI: OpenAI-shaped. Which models take reasoning_effort, penalties or stop is per model and lives in the catalog
 * (reasoningEfforts, unsupportedParams). (docs.x.ai/docs/guides/reasoning)
 */
export const xaiQuirks: OpenAICompatibleQuirks = {
  maxTokensField: 'max_tokens',
  seedField: 'seed',
  streamOptions: true,
  requiredToolChoice: 'required',
  passthroughAllowed: new Set(['logprobs', 'top_logprobs', 'logit_bias', 'search_parameters']),
  sendUser: true,
  embeddings: false,
  legacyCompletions: false,
};
