import type { ChatRequest } from '../../core/chat-request.js';

/**
 * What the chat and generate decoders return: a request for the gateway, or a load/unload probe (empty messages or
 * prompt) that the surface answers locally.
 */
export type DecodedOllamaRequest =
  | { kind: 'chat'; request: ChatRequest; ignoredOptions: string[] }
  | { kind: 'load'; model: string; doneReason: 'load' | 'unload'; stream: boolean };
