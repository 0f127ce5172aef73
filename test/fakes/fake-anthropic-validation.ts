// Request validation of the fake Anthropic upstream: the rules the real Messages API enforces with a 400
// invalid_request_error (/work/shared/reference/anthropic-api.md §1-2, sdk `messages.ts`), with its messages.
import type { SignatureBook } from './fake-anthropic-bodies.js';

type Json = Record<string, unknown>;

export type FakeAnthropicError = { status: number; message: string; type?: string };

/** `anthropic-version` values this fake accepts: the one SDK 0.x/curl send and the one SDK 1.x sends. */
export const KNOWN_VERSIONS = ['2023-06-01', '2023-01-01', '2026-10-21'];
/** Since 2026-10-21 sampling parameters are gone from the schema ("Extra inputs are not permitted"). */
const SAMPLING_FIELDS = ['temperature', 'top_p', 'top_k'];

const TOP_LEVEL_FIELDS = new Set([
  'model', 'messages', 'max_tokens', 'system', 'metadata', 'stop_sequences', 'stream', 'temperature', 'top_p', 'top_k',
  'tools', 'tool_choice', 'thinking', 'output_config', 'service_tier', 'container', 'cache_control', 'inference_geo',
  'speed', 'diagnostics', 'context_management', 'mcp_servers',
]);
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,128}$/;

const bad = (message: string): FakeAnthropicError => ({ status: 400, message });
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export type ValidationContext = {
  version: string;
  signatures: SignatureBook;
  /** Tool-use ids this fake issued together with thinking: the turn must come back with that thinking. */
  thinkingToolUses: ReadonlySet<string>;
  /** When false (default), consecutive same-role messages are a 400, as strict API versions did. */
  allowConsecutiveRoles: boolean;
};

export function validateHeaders(version: string | undefined): FakeAnthropicError | null {
  if (version === undefined || version === '') return bad('anthropic-version: header is required');
  if (!KNOWN_VERSIONS.includes(version)) return bad(`anthropic-version: invalid version '${version}'`);
  return null;
}

export function validateMessagesRequest(body: Json, ctx: ValidationContext): FakeAnthropicError | null {
  for (const key of Object.keys(body)) {
    if (!TOP_LEVEL_FIELDS.has(key)) return bad(`${key}: Extra inputs are not permitted`);
    if (ctx.version === '2026-10-21' && SAMPLING_FIELDS.includes(key)) return bad(`${key}: Extra inputs are not permitted`);
  }
  if (typeof body.model !== 'string' || body.model === '') return bad('model: Field required');
  if (body.max_tokens === undefined) return bad('max_tokens: Field required');
  if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1) return bad('max_tokens: Input should be a valid integer greater than or equal to 1');
  if (body.system !== undefined && typeof body.system !== 'string' && !Array.isArray(body.system)) return bad('system: Input should be a valid string or list');
  if (body.stop_sequences !== undefined && (!Array.isArray(body.stop_sequences) || !body.stop_sequences.every((s) => typeof s === 'string'))) {
    return bad('stop_sequences: Input should be a valid list of strings');
  }
  if (body.metadata !== undefined && (!isObject(body.metadata) || Object.keys(body.metadata).some((k) => k !== 'user_id'))) {
    return bad('metadata: only user_id is permitted');
  }
  const sampling = validateSampling(body);
  if (sampling) return sampling;
  const tools = validateTools(body);
  if (tools) return tools;
  const thinking = validateThinking(body);
  if (thinking) return thinking;
  return validateMessages(body, ctx);
}

function validateSampling(body: Json): FakeAnthropicError | null {
  const { temperature, top_p: topP, top_k: topK } = body;
  if (temperature !== undefined && (typeof temperature !== 'number' || temperature < 0 || temperature > 1)) {
    return bad('temperature: Input should be less than or equal to 1');
  }
  if (topP !== undefined && (typeof topP !== 'number' || topP < 0 || topP > 1)) return bad('top_p: Input should be between 0 and 1');
  if (topK !== undefined && (!Number.isInteger(topK) || (topK as number) < 0)) return bad('top_k: Input should be a valid integer');
  return null;
}

function validateTools(body: Json): FakeAnthropicError | null {
  const names = new Set<string>();
  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools)) return bad('tools: Input should be a valid list');
    for (const [i, tool] of body.tools.entries()) {
      if (!isObject(tool)) return bad(`tools.${i}: Input should be a valid dictionary`);
      if (tool.type !== undefined && tool.type !== 'custom') continue; // server tools (web_search_…) have no schema
      if (typeof tool.name !== 'string' || !TOOL_NAME.test(tool.name)) return bad(`tools.${i}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`);
      if (!isObject(tool.input_schema)) return bad(`tools.${i}.custom.input_schema: Field required`);
      if (tool.input_schema.type !== 'object') return bad(`tools.${i}.custom.input_schema.type: Input should be 'object'`);
      if (names.has(tool.name)) return bad('tools: Tool names must be unique.');
      names.add(tool.name);
    }
  }
  const choice = body.tool_choice;
  if (choice === undefined) return null;
  if (!isObject(choice) || !['auto', 'any', 'tool', 'none'].includes(String(choice.type))) {
    return bad("tool_choice: Input tag does not match any of the expected tags: 'auto', 'any', 'tool', 'none'");
  }
  if (body.tools === undefined && choice.type !== 'none') return bad('tool_choice: tool_choice may only be specified while providing tools');
  if (choice.type === 'tool' && (typeof choice.name !== 'string' || !names.has(choice.name))) {
    return bad(`tool_choice: Tool '${String(choice.name)}' not found in tools`);
  }
  return null;
}

function validateThinking(body: Json): FakeAnthropicError | null {
  const thinking = body.thinking;
  if (thinking === undefined) return null;
  if (!isObject(thinking)) return bad('thinking: Input should be a valid dictionary');
  if (thinking.type === 'disabled') return null;
  if (thinking.type === 'enabled') {
    const budget = thinking.budget_tokens;
    if (!Number.isInteger(budget)) return bad('thinking.enabled.budget_tokens: Field required');
    if ((budget as number) < 1024) return bad('thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
    if ((budget as number) >= (body.max_tokens as number)) {
      return bad('`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size');
    }
  } else if (thinking.type !== 'adaptive') {
    return bad("thinking: Input tag does not match any of the expected tags: 'enabled', 'disabled', 'adaptive'");
  }
  if (thinking.display !== undefined && thinking.display !== 'summarized' && thinking.display !== 'omitted') {
    return bad("thinking.display: Input should be 'summarized' or 'omitted'");
  }
  if (body.temperature !== undefined && body.temperature !== 1) {
    return bad('`temperature` may only be set to 1 when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#feature-compatibility');
  }
  if (body.top_k !== undefined) return bad('`top_k` is not supported when thinking is enabled.');
  if (typeof body.top_p === 'number' && body.top_p < 0.95) return bad('`top_p` must be greater than or equal to 0.95 or unset when thinking is enabled.');
  const choice = body.tool_choice;
  if (isObject(choice) && (choice.type === 'any' || choice.type === 'tool')) return bad('Thinking may not be enabled when tool_choice forces tool use.');
  return null;
}

function validateMessages(body: Json, ctx: ValidationContext): FakeAnthropicError | null {
  const messages = body.messages;
  if (!Array.isArray(messages)) return bad('messages: Field required');
  if (messages.length === 0) return bad('messages: at least one message is required');
  const model = body.model as string;
  const thinkingOff = isObject(body.thinking) && body.thinking.type === 'disabled';
  let previousToolUses: string[] = [];
  let previousRole: unknown;
  for (const [i, message] of messages.entries()) {
    if (!isObject(message)) return bad(`messages.${i}: Input should be a valid dictionary`);
    const role = message.role;
    if (role !== 'user' && role !== 'assistant') return bad(`messages.${i}.role: Input should be 'user' or 'assistant'`);
    if (i === 0 && role !== 'user') return bad('messages: first message must use the "user" role');
    if (role === previousRole && !ctx.allowConsecutiveRoles) {
      return bad(`messages: roles must alternate between "user" and "assistant", but found multiple "${role}" roles in a row`);
    }
    const blocks: Json[] = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : [];
    if (Array.isArray(message.content)) {
      for (const [j, block] of message.content.entries()) {
        if (!isObject(block)) return bad(`messages.${i}.content.${j}: Input should be a valid dictionary`);
        blocks.push(block);
      }
    } else if (typeof message.content !== 'string') {
      return bad(`messages.${i}.content: Input should be a valid string or list`);
    }
    const prefill = i === messages.length - 1 && role === 'assistant';
    if (message.content === '' || blocks.length === 0) {
      if (prefill) break;
      return bad(`messages.${i}: all messages must have non-empty content except for the optional final assistant message`);
    }
    const blockError = validateBlocks(i, role, blocks, model, ctx);
    if (blockError) return blockError;

    const toolUses = blocks.filter((b) => b.type === 'tool_use').map((b) => String(b.id));
    const results = blocks.filter((b) => b.type === 'tool_result').map((b) => String(b.tool_use_id));
    if (role === 'user') {
      const unexpected = results.filter((id) => !previousToolUses.includes(id));
      if (unexpected.length > 0) {
        return bad(`messages.${i}.content.0: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${unexpected.join(', ')}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`);
      }
      const missing = previousToolUses.filter((id) => !results.includes(id));
      if (missing.length > 0) {
        return bad(`messages.${i - 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`);
      }
      // The tool-use turn this user message answers must come back with the thinking that opened it.
      const previous = messages[i - 1] as Json | undefined;
      if (results.length > 0 && !thinkingOff && previousToolUses.some((id) => ctx.thinkingToolUses.has(id)) && previous) {
        const first = (Array.isArray(previous.content) ? previous.content[0] : undefined) as Json | undefined;
        if (first?.type !== 'thinking' && first?.type !== 'redacted_thinking') {
          return bad(`messages.${i - 1}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first?.type)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking`);
        }
      }
      previousToolUses = [];
    } else {
      if (previousToolUses.length > 0) {
        return bad(`messages.${i - 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${previousToolUses.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`);
      }
      previousToolUses = toolUses;
    }
    previousRole = role;
  }
  return null;
}

function validateBlocks(i: number, role: string, blocks: Json[], model: string, ctx: ValidationContext): FakeAnthropicError | null {
  for (const [j, block] of blocks.entries()) {
    const at = `messages.${i}.content.${j}`;
    switch (block.type) {
      case 'text':
        if (typeof block.text !== 'string') return bad(`${at}.text: Field required`);
        if (block.text === '') return bad('messages: text content blocks must be non-empty');
        break;
      case 'image': {
        if (role !== 'user') return bad(`${at}: image blocks are only allowed in user messages`);
        const source = block.source;
        if (!isObject(source)) return bad(`${at}.image.source: Field required`);
        if (source.type === 'base64') {
          if (!IMAGE_TYPES.has(String(source.media_type))) {
            return bad(`${at}.image.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`);
          }
          if (typeof source.data !== 'string' || source.data === '') return bad(`${at}.image.source.base64.data: Field required`);
        } else if (source.type === 'url') {
          if (typeof source.url !== 'string' || !/^https?:\/\//.test(source.url)) return bad(`${at}.image.source.url.url: Input should be a valid URL`);
        } else {
          return bad(`${at}.image.source: Input tag '${String(source.type)}' does not match any of the expected tags: 'base64', 'url', 'file'`);
        }
        break;
      }
      case 'tool_use':
        if (role !== 'assistant') return bad(`${at}: tool_use blocks are only allowed in assistant messages`);
        if (typeof block.id !== 'string' || typeof block.name !== 'string') return bad(`${at}.tool_use: id and name are required`);
        if (!isObject(block.input)) return bad(`${at}.tool_use.input: Input should be a valid dictionary`);
        break;
      case 'tool_result':
        if (role !== 'user') return bad(`${at}: tool_result blocks are only allowed in user messages`);
        if (typeof block.tool_use_id !== 'string') return bad(`${at}.tool_result.tool_use_id: Field required`);
        if (block.content !== undefined && typeof block.content !== 'string' && !Array.isArray(block.content)) {
          return bad(`${at}.tool_result.content: Input should be a valid string or list`);
        }
        break;
      case 'thinking':
        if (role !== 'assistant') return bad(`${at}: thinking blocks are only allowed in assistant messages`);
        if (!ctx.signatures.verify(model, String(block.thinking ?? ''), block.signature)) return bad(`${at}: Invalid \`signature\` in \`thinking\` block`);
        break;
      case 'redacted_thinking':
        if (role !== 'assistant') return bad(`${at}: redacted_thinking blocks are only allowed in assistant messages`);
        if (!ctx.signatures.verifyRedacted(block.data)) return bad(`${at}: Invalid \`data\` in \`redacted_thinking\` block`);
        break;
      case 'document':
      case 'search_result':
      case 'server_tool_use':
      case 'web_search_tool_result':
        break;
      default:
        return bad(`${at}: Input tag '${String(block.type)}' found using 'type' does not match any of the expected tags`);
    }
  }
  return null;
}
