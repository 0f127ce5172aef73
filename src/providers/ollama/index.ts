import type { Provider } from '../../core/provider.js';
import type { ProviderOptions } from '../provider-options.js';
import { OllamaProvider } from './ollama-provider.js';

export { OllamaProvider } from './ollama-provider.js';
export {
  DEFAULT_DISCOVERY_TIMEOUT_MS,
  DEFAULT_SHOW_CONCURRENCY,
  discoverOllamaModels,
  type OllamaDiscoverySettings,
} from './discover-ollama-models.js';
export {
  DEFAULT_DISCOVERY_INTERVAL_MS,
  OllamaModelDiscovery,
  type OllamaDiscoveryStatus,
  type OllamaModelDiscoveryOptions,
} from './ollama-model-discovery.js';
export { FALLBACK_CONTEXT_LENGTH } from './convert-ollama-model-spec.js';

/** A real Ollama server's native API (built-in `ollama` from OLLAMA_BASE_URL and config-file `ollama` upstreams). */
export function createOllamaProvider(options: ProviderOptions): Provider {
  return new OllamaProvider(options);
}
