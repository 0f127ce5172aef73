import type { OpenAICompatibleQuirks } from './quirks-types.js';

/**
 * OpenRouter: accepts and ignores unknown fields, reports `usage.cost` (USD) on the last chunk, puts reasoning in
 * `reasoning`, takes `reasoning: {effort}` in requests. (openrouter.ai/docs: usage-accounting, reasoning-tokens)
 */
export const openrouterQuirks: OpenAICompatibleQuirks = {
  maxTokensField: 'max_tokens',
  seedField: 'seed',
  streamOptions: true,
  requiredToolChoice: 'required',
  passthroughAllowed: 'all',
  sendUser: true,
  embeddings: true,
  legacyCompletions: false,
  extraHeaders: { 'HTTP-Referer': 'https://github.com/switchboard-proxy/switchboard', 'X-Title': 'Switchboard' },
  encodeReasoning(request, _model, body) {
    if (request.reasoning === undefined) return;
    if (request.reasoning === false) body.reasoning = { enabled: false };
    else if (request.reasoning === true) body.reasoning = { enabled: true };
    else body.reasoning = { effort: request.reasoning };
  },
};
