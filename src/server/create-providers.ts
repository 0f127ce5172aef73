import type { ProviderDefinition } from '../catalog/catalog-schema.js';
import type { Provider } from '../core/provider.js';
import { createAnthropicProvider } from '../providers/anthropic/index.js';
import { createGeminiProvider } from '../providers/gemini/index.js';
import type { UpstreamHttp } from '../providers/http/upstream-http.js';
import { createOllamaProvider } from '../providers/ollama/index.js';
import { OpenAICompatibleProvider } from '../providers/openai-compatible/openai-compatible-provider.js';
import { genericQuirks, QUIRKS_BY_PROVIDER } from '../providers/openai-compatible/quirks/index.js';
import type { ProviderOptions } from '../providers/provider-options.js';
import type { ProviderSettings } from './read-config.js';

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

/**
 * Instantiates every built-in provider that is configured: a key for keyed providers, a base URL for keyless
 * ones (Ollama). `warnings` are for the start-up log.
 */
export function createProviders(
  definitions: ProviderDefinition[],
  settings: Map<string, ProviderSettings>,
  http: UpstreamHttp,
): { providers: Map<string, Provider>; warnings: string[] } {
  const providers = new Map<string, Provider>();
  const warnings: string[] = [];
  for (const definition of definitions) {
    const setting = settings.get(definition.id);
    if (!setting) continue;
    const configured = definition.apiKeyEnv ? Boolean(setting.apiKey) : setting.baseUrl !== '';
    if (!configured) continue;
    providers.set(
      definition.id,
      createProvider(definition.dialect, {
        id: definition.id,
        baseUrl: setting.baseUrl,
        apiKey: setting.apiKey,
        ...(setting.apiVersion ? { apiVersion: setting.apiVersion } : {}),
        http,
      }),
    );
  }
  return { providers, warnings };
}
