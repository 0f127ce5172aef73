import { ReasoningMemory } from '../reasoning-memory.js';
import type { OpenAICompatibleQuirks, OutgoingMessage } from './quirks-types.js';

/** Process-wide: a tool turn's reasoning, by tool call id, for clients that do not send it back. */
const reasoningMemory = new ReasoningMemory(10_000);

/**
 * DeepSeek: reasoning arrives as `reasoning_content`. Within a tool-calling turn the assistant's reasoning_content
 * must be sent back (400 "Missing reasoning_content" otherwise); in earlier turns it must not be.
 * OpenAI and Ollama clients drop that field, so we remember it by tool call id and put it back.
 * (api-docs.deepseek.com/guides/thinking_mode)
 */
export const deepseekQuirks: OpenAICompatibleQuirks = {
  maxTokensField: 'max_tokens',
  seedField: 'seed',
  streamOptions: true,
  requiredToolChoice: 'required',
  passthroughAllowed: new Set(['logprobs', 'top_logprobs', 'logit_bias', 'thinking']),
  sendUser: false,
  embeddings: false,
  legacyCompletions: false,
  reasoningContentInHistory: true,
  reasoningMemory,
  finishMessages: keepReasoningOnlyInCurrentToolTurn,
};

function keepReasoningOnlyInCurrentToolTurn(messages: OutgoingMessage[]): OutgoingMessage[] {
  let lastUser = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]!.role === 'user') {
      lastUser = i;
      break;
    }
  }
  return messages.map((message, index) => {
    if (index > lastUser && message.tool_calls?.length) {
      if (message.reasoning_content !== undefined) return message;
      const remembered = reasoningMemory.recall(message.tool_calls[0]!.id);
      return remembered === undefined ? message : { ...message, reasoning_content: remembered };
    }
    if (message.reasoning_content === undefined) return message;
    const { reasoning_content: _dropped, ...rest } = message;
    return rest;
  });
}
