import type { ChatRequest } from '../../core/chat-request.js';
import type { Gateway } from '../../core/gateway.js';

/**
 * `max_tokens` is mandatory in the Messages API, so Anthropic clients always send one, sized for Claude (Claude Code
 * asks 32,000). It is only a cap, so for a model with a smaller catalog maximum output we lower it to that maximum:
 * otherwise every such request would fail upstream ("max_tokens is too large"). The native body keeps the client's
 * value for an Anthropic upstream, which judges it itself.
 */
export function clampAnthropicMaxTokens(request: ChatRequest, gateway: Gateway): void {
  if (request.maxTokens === undefined) return;
  const limit = gateway.findModel(request.model)?.spec.maxOutputTokens;
  if (limit !== undefined && request.maxTokens > limit) request.maxTokens = limit;
}
