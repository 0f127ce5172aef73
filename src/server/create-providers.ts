import type { ProviderDefinition } from '../catalog/catalog-schema.js';
import type { Provider } from '../core/provider.js';
import type { UpstreamHttp } from '../providers/http/upstream-http.js';
import { OpenAICompatibleProvider } from '../providers/openai-compatible/openai-compatible-provider.js';
import { genericQuirks, QUIRKS_BY_PROVIDER } from '../providers/openai-compatible/quirks/index.js';
import type { ProviderSettings } from './read-config.js';

/** Instantiates every built-in provider whose key is set; `warnings` are for the start-up log. */
export function createProviders(
  definitions: ProviderDefinition[],
  settings: Map<string, ProviderSettings>,
  http: UpstreamHttp,
): { providers: Map<string, Provider>; warnings: string[] } {
  const providers = new Map<string, Provider>();
  const warnings: string[] = [];
  for (const definition of definitions) {
    const setting = settings.get(definition.id);
    if (!setting?.apiKey) continue;
    if (definition.dialect !== 'openai-compatible') {
      warnings.push(`${definition.apiKeyEnv} is set, but the ${definition.displayName} provider is not available in this version`);
      continue;
    }
    providers.set(
      definition.id,
      new OpenAICompatibleProvider(
        {
          id: definition.id,
          baseUrl: setting.baseUrl,
          apiKey: setting.apiKey,
          quirks: QUIRKS_BY_PROVIDER[definition.id] ?? genericQuirks,
        },
        http,
      ),
    );
  }
  return { providers, warnings };
}
