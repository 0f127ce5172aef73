import { deepseekQuirks } from './deepseek.js';
import { groqQuirks } from './groq.js';
import { mistralQuirks } from './mistral.js';
import { openaiQuirks } from './openai.js';
import { openrouterQuirks } from './openrouter.js';
import { perplexityQuirks } from './perplexity.js';
import type { OpenAICompatibleQuirks } from './quirks-types.js';
import { xaiQuirks } from './xai.js';

/** Quirks by built-in provider id; custom OpenAI-compatible providers get OpenAI's rules with a stricter passthrough. */
export const QUIRKS_BY_PROVIDER: Record<string, OpenAICompatibleQuirks> = {
  openai: openaiQuirks,
  groq: groqQuirks,
  deepseek: deepseekQuirks,
  mistral: mistralQuirks,
  xai: xaiQuirks,
  perplexity: perplexityQuirks,
  openrouter: openrouterQuirks,
};

export const genericQuirks: OpenAICompatibleQuirks = {
  ...openaiQuirks,
  maxTokensField: 'max_tokens',
  passthroughAllowed: new Set(['logprobs', 'top_logprobs', 'logit_bias']),
};
