import { randomId } from '../../util/ids.js';

/** Anthropic ids look like `msg_…`: an upstream id that is not one gets the prefix (the rest stays traceable). */
export function toAnthropicMessageId(id: string): string {
  if (id === '') return randomId('msg_');
  return id.startsWith('msg_') ? id : `msg_${id}`;
}

/** A tool call id, or a made-up `toolu_…` one when the upstream gave none (Anthropic requires an id). */
export function toAnthropicToolUseId(id: string): string {
  return id === '' ? randomId('toolu_') : id;
}

/**
 * A tool call's JSON arguments → `tool_use.input`, which must be an object. Empty arguments are `{}`; text that is not
 * a JSON object (a model's malformed call) also becomes `{}`, as the tool would reject it either way and Anthropic
 * clients cannot represent anything else.
 */
export function parseToolInput(argumentsJson: string): Record<string, unknown> {
  if (argumentsJson.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(argumentsJson);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  return {};
}
