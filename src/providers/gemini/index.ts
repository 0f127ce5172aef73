import type { Provider } from '../../core/provider.js';
import type { ProviderOptions } from '../provider-options.js';

/** PLACEHOLDER until the Gemini provider lands. */
export function createGeminiProvider(options: ProviderOptions): Provider {
  throw new Error(`${options.id}: the Gemini provider is not implemented yet`);
}
