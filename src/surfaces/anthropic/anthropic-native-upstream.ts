import type { Gateway } from '../../core/gateway.js';
import type { NativeUpstreamProbe } from './decode-anthropic-request.js';

/**
 * Whether the client's model is served by a provider speaking Anthropic's Messages API (the built-in Anthropic
 * provider or an `anthropic-compatible` one from the config file or the admin UI). Such a provider forwards the
 * client's own body (ChatRequest.native) and so can honour what the canonical model cannot hold (server tools, PDFs).
 */
export function anthropicNativeProbe(gateway: Gateway): NativeUpstreamProbe {
  return (model) => {
    const found = gateway.findModel(model);
    return found !== undefined && gateway.providerDialect?.(found.spec.provider) === 'anthropic';
  };
}
