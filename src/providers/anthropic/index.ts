import type { Provider } from '../../core/provider.js';
import type { ProviderOptions } from '../provider-options.js';
import { AnthropicProvider } from './anthropic-provider.js';

export { AnthropicProvider, DEFAULT_ANTHROPIC_VERSION } from './anthropic-provider.js';

/** The native Anthropic Messages provider (built-in `anthropic` and config-file `anthropic-compatible` upstreams). */
export function createAnthropicProvider(options: ProviderOptions): Provider {
  return new AnthropicProvider(options);
}
