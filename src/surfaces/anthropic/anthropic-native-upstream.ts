import type { Gateway } from '../../core/gateway.js';
import type { NativeUpstreamProbe } from './decode-anthropic-request.js';

/**
 * Whether the client's model is served by the built-in Anthropic provider, which forwards the client's own body
 * (ChatRequest.native) and so can honour what the canonical model cannot hold (server tools, PDFs).
 * Limitation: a ModelSpec names its provider but not the provider's dialect, so `anthropic-compatible` providers
 * declared in the config file under another id are not recognised here; their requests are translated (and such
 * features rejected) like any other upstream's.
 */
export function anthropicNativeProbe(gateway: Gateway): NativeUpstreamProbe {
  return (model) => gateway.findModel(model)?.spec.provider === 'anthropic';
}
