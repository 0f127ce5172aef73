import type { OpenAICompatibleQuirks } from './quirks-types.js';

/** The reference dialect. Reasoning models want max_completion_tokens, which every OpenAI model accepts. */
export const openaiQuirks: OpenAICompatibleQuirks = {
  maxTokensField: 'max_completion_tokens',
  seedField: 'seed',
  streamOptions: true,
  requiredToolChoice: 'required',
  passthroughAllowed: 'all',
  sendUser: true,
  embeddings: true,
  legacyCompletions: true,
};
