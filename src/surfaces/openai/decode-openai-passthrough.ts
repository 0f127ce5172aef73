/**
 * Chat fields the canonical request does not model but some OpenAI-dialect upstream understands. They are kept
 * as-is in `passthrough`, and each provider forwards only those its quirks allow. Anything else is ignored.
 */
export const OPENAI_CHAT_PASSTHROUGH_KEYS: ReadonlySet<string> = new Set([
  // OpenAI
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
  // OpenRouter / vLLM sampling
  'top_k',
  'min_p',
  'top_a',
  'repetition_penalty',
  // DeepSeek
  'thinking',
  // xAI
  'search_parameters',
  // Groq
  'search_settings',
  'citation_options',
  'disable_tool_validation',
  // Mistral
  'safe_prompt',
  'prompt_mode',
  // Perplexity
  'search_domain_filter',
  'search_recency_filter',
  'search_mode',
  'search_after_date_filter',
  'search_before_date_filter',
  'return_images',
  'return_related_questions',
  // OpenRouter routing
  'provider',
  'models',
  'route',
  'transforms',
  'plugins',
]);

/** The listed keys of a request body whose values are neither undefined nor null, copied as-is. */
export function pickOpenAIPassthrough(body: Record<string, unknown>, keys: ReadonlySet<string>): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined || value === null || !keys.has(key)) continue;
    out ??= {};
    out[key] = value;
  }
  return out;
}
