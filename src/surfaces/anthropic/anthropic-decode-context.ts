import { ProxyError } from '../../core/proxy-error.js';

/**
 * What the decoders need to know beyond the body: whether the request's model is served by an upstream that speaks
 * the Messages API itself. Such a provider forwards the client's body (ChatRequest.native) as it is, so a feature the
 * canonical model cannot hold (server tools, PDF documents…) is left out of the canonical request instead of being
 * rejected. Asked lazily, only when such a feature appears, so ordinary requests pay no model lookup.
 */
export type AnthropicDecodeContext = {
  nativeUpstream(): boolean;
};

/** Throws a 400 `unsupported` naming the field, unless the upstream receives the native body (then the caller drops it). */
export function requireNativeUpstream(context: AnthropicDecodeContext, message: string, param: string): void {
  if (!context.nativeUpstream()) throw new ProxyError('unsupported', `${message} (only when the model is served by Anthropic)`, { param });
}
