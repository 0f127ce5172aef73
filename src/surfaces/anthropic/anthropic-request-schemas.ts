import { z } from 'zod';
import { invalidRequest } from '../../core/proxy-error.js';
import { issuePath } from '../../util/zod-issue-message.js';

/**
 * Request bodies of the Anthropic Messages API (shared/reference/anthropic-api.md §2). Loose objects: fields we do
 * not read are tolerated (they still reach an Anthropic upstream through the native body). `null` counts as absent.
 * `model`, `max_tokens` and `messages` are optional here so that the decoder can answer with Anthropic-style
 * messages naming the field. Content blocks are only checked for a `type` here; their fields are checked per type
 * (parseAnthropicPart) so that an error names the block, e.g. `messages[2].content[1].source.data`.
 */

const jsonObject = z.record(z.string(), z.unknown());

export const anthropicBlockSchema = z.looseObject({ type: z.string() });
export type AnthropicBlock = z.infer<typeof anthropicBlockSchema>;

const contentSchema = z.union([z.string(), z.array(anthropicBlockSchema)]);
export type AnthropicContent = z.infer<typeof contentSchema>;

export const anthropicMessageSchema = z.looseObject({
  /** `system` is new in SDK 1.x's types; the stable API only has user and assistant turns. */
  role: z.enum(['user', 'assistant', 'system']),
  content: contentSchema,
});
export type AnthropicMessageParam = z.infer<typeof anthropicMessageSchema>;

export const textBlockSchema = z.looseObject({ type: z.literal('text'), text: z.string() });

export const imageBlockSchema = z.looseObject({
  type: z.literal('image'),
  source: z.looseObject({ type: z.string(), media_type: z.string().nullish(), data: z.string().nullish(), url: z.string().nullish() }),
});

export const documentBlockSchema = z.looseObject({
  type: z.literal('document'),
  source: z.looseObject({
    type: z.string(),
    media_type: z.string().nullish(),
    data: z.string().nullish(),
    content: contentSchema.nullish(),
  }),
  title: z.string().nullish(),
  context: z.string().nullish(),
});

export const toolUseBlockSchema = z.looseObject({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: jsonObject });

export const toolResultBlockSchema = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: contentSchema.nullish(),
  is_error: z.boolean().nullish(),
});

export const thinkingBlockSchema = z.looseObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().nullish() });

export const anthropicToolSchema = z.looseObject({
  /** Absent, null or `custom` for a client tool; a dated type (`web_search_20250305`…) for a server tool. */
  type: z.string().nullish(),
  name: z.string(),
  description: z.string().nullish(),
  input_schema: jsonObject.nullish(),
  strict: z.boolean().nullish(),
});
export type AnthropicTool = z.infer<typeof anthropicToolSchema>;

export const anthropicToolChoiceSchema = z.looseObject({
  type: z.enum(['auto', 'any', 'tool', 'none']),
  name: z.string().nullish(),
  disable_parallel_tool_use: z.boolean().nullish(),
});
export type AnthropicToolChoice = z.infer<typeof anthropicToolChoiceSchema>;

export const anthropicThinkingSchema = z.looseObject({
  /** enabled | disabled | adaptive | between_tools (newer types are tolerated and mean "on"). */
  type: z.string(),
  budget_tokens: z.number().int().nullish(),
});
export type AnthropicThinking = z.infer<typeof anthropicThinkingSchema>;

export const anthropicOutputFormatSchema = z.looseObject({ type: z.string(), schema: jsonObject.nullish() });
export type AnthropicOutputFormat = z.infer<typeof anthropicOutputFormatSchema>;

export const anthropicMessagesRequestSchema = z.looseObject({
  model: z.string().nullish(),
  max_tokens: z.number().int().min(0).nullish(),
  messages: z.array(anthropicMessageSchema).nullish(),
  system: contentSchema.nullish(),
  stream: z.boolean().nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  top_k: z.number().int().nullish(),
  stop_sequences: z.array(z.string()).nullish(),
  tools: z.array(anthropicToolSchema).nullish(),
  tool_choice: anthropicToolChoiceSchema.nullish(),
  thinking: anthropicThinkingSchema.nullish(),
  /** Current API: effort and structured output. */
  output_config: z.looseObject({ effort: z.string().nullish(), format: anthropicOutputFormatSchema.nullish() }).nullish(),
  /** The structured-outputs beta's top-level form of `output_config.format`. */
  output_format: anthropicOutputFormatSchema.nullish(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).nullish(),
});
export type AnthropicMessagesRequest = z.infer<typeof anthropicMessagesRequestSchema>;

/** Validates one part of the body against its schema; a failure is a 400 naming the field under `param`. */
export function parseAnthropicPart<T>(schema: z.ZodType<T>, value: unknown, param: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const sub = issue ? issuePath(issue.path) : '';
  const path = sub === '' ? param : sub.startsWith('[') ? `${param}${sub}` : `${param}.${sub}`;
  throw invalidRequest(`invalid field '${path}': ${issue?.message ?? 'invalid value'}`, path);
}
