import type { ProviderDefinition } from '../catalog/catalog-schema.js';
import type { Provider } from '../core/provider.js';
import { createAnthropicProvider } from '../providers/anthropic/index.js';
import { createGeminiProvider } from '../providers/gemini/index.js';
import { createOllamaProvider } from '../providers/ollama/index.js';
import { OpenAICompatibleProvider } from '../providers/openai-compatible/openai-compatible-provider.js';
import { genericQuirks, QUIRKS_BY_PROVIDER } from '../providers/openai-compatible/quirks/index.js';
import type { ProviderOptions } from '../providers/provider-options.js';

/** One provider instance for a definition's dialect. */
export function createProvider(dialect: ProviderDefinition['dialect'], options: ProviderOptions): Provider {
  switch (dialect) {
    case 'openai-compatible':
      return new OpenAICompatibleProvider(
        {
          id: options.id,
          baseUrl: options.baseUrl,
          apiKey: options.apiKey,
          quirks: QUIRKS_BY_PROVIDER[options.id] ?? genericQuirks,
          ...(options.extraHeaders ? { extraHeaders: options.extraHeaders } : {}),
        },
        options.http,
      );
    case 'anthropic':
      return createAnthropicProvider(options);
    case 'gemini':
      return createGeminiProvider(options);
    case 'ollama':
      return createOllamaProvider(options);
  }
}
