import { createHash } from 'node:crypto';
import type { OpenAICompatibleQuirks, OutgoingMessage } from './quirks-types.js';

/**
 * Mistral: a strict schema (422 on any unknown field, so passthrough is an allow-list), `random_seed`, tool_choice
 * `any`, no stream_options, and tool call ids that must be exactly 9 alphanumerics: ids from other providers in the
 * history are rewritten deterministically, in the call and in its result alike. (mistralai/client-ts models)
 */
export const mistralQuirks: OpenAICompatibleQuirks = {
  maxTokensField: 'max_tokens',
  seedField: 'random_seed',
  streamOptions: false,
  requiredToolChoice: 'any',
  passthroughAllowed: new Set(['prediction', 'safe_prompt', 'prompt_mode']),
  sendUser: false,
  embeddings: true,
  legacyCompletions: false,
  finishMessages: (messages) => messages.map(rewriteToolCallIds),
};

const MISTRAL_ID = /^[a-zA-Z0-9]{9}$/;
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function toMistralToolCallId(id: string): string {
  if (MISTRAL_ID.test(id)) return id;
  const digest = createHash('sha256').update(id).digest();
  let out = '';
  for (let i = 0; i < 9; i++) out += BASE62[digest[i]! % 62];
  return out;
}

function rewriteToolCallIds(message: OutgoingMessage): OutgoingMessage {
  if (message.tool_calls) {
    return {
      ...message,
      tool_calls: message.tool_calls.map((call) => ({ ...call, id: toMistralToolCallId(call.id) })),
    };
  }
  if (message.tool_call_id !== undefined) return { ...message, tool_call_id: toMistralToolCallId(message.tool_call_id) };
  return message;
}
