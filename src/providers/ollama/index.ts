import type { Provider } from '../../core/provider.js';
import type { ProviderOptions } from '../provider-options.js';

/** PLACEHOLDER until the Ollama provider lands. */
export function createOllamaProvider(options: ProviderOptions): Provider {
  throw new Error(`${options.id}: the Ollama provider is not implemented yet`);
}
