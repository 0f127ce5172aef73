/**
 * Chat request fields this surface decodes into the canonical request. Every other top-level field is kept as-is in
 * `passthrough`; each provider forwards only the fields its vendor accepts (quirks `passthroughAllowed`), so this
 * surface needs no knowledge of any vendor.
 */
export const OPENAI_CHAT_DECODED_KEYS: ReadonlySet<string> = new Set([
  'model',
  'messages',
  'stream',
  'stream_options',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'stop',
  'seed',
  'presence_penalty',
  'frequency_penalty',
  'n',
  'reasoning_effort',
  'reasoning',
  'user',
  'functions',
  'function_call',
]);

/** Fields of a request body (not null) that are in `include`, or, with `exclude`, all that are not. */
export function pickOpenAIPassthrough(
  body: Record<string, unknown>,
  keys: { include: ReadonlySet<string> } | { exclude: ReadonlySet<string> },
): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue;
    if ('include' in keys ? !keys.include.has(key) : keys.exclude.has(key)) continue;
    out ??= {};
    out[key] = value;
  }
  return out;
}
