import type { Provider } from '../../core/provider.js';
import type { ProviderOptions } from '../provider-options.js';

/** PLACEHOLDER until the Anthropic provider lands. */
export function createAnthropicProvider(options: ProviderOptions): Provider {
  throw new Error(`${options.id}: the Anthropic provider is not implemented yet`);
}
