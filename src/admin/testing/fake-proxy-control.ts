import type { Store } from '../../store/store.js';
import type { AliasView, ModelValues, ModelView, ProviderTestResult, ProviderView } from '../admin-api-types.js';
import type { ProxyControl } from '../admin-deps.js';

type SystemModel = { provider: string; id: string; kind: 'chat' | 'embedding'; values: ModelValues };

const SYSTEM_PROVIDERS: Array<Pick<ProviderView, 'id' | 'displayName' | 'baseUrl' | 'apiKeyEnv' | 'keySet'>> = [
  { id: 'openai', displayName: 'OpenAI', baseUrl: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY', keySet: true },
  { id: 'groq', displayName: 'Groq', baseUrl: 'https://api.groq.com/openai/v1', apiKeyEnv: 'GROQ_API_KEY', keySet: false },
];
const RESERVED = new Set(['openai', 'groq', 'anthropic', 'google', 'deepseek', 'mistral', 'xai', 'perplexity', 'openrouter', 'ollama']);

const values = (displayName: string, contextLength: number, capabilities: string[], price: ModelValues['price']): ModelValues =>
  ({ displayName, contextLength, maxOutputTokens: null, capabilities, price, description: null });

const SYSTEM_MODELS: SystemModel[] = [
  { provider: 'openai', id: 'gpt-4o', kind: 'chat', values: values('GPT-4o', 128_000, ['completion', 'tools', 'vision'], { input: 2.5, output: 10 }) },
  { provider: 'openai', id: 'text-embedding-3-small', kind: 'embedding', values: values('Embedding 3 small', 8191, ['embedding'], { input: 0.02, output: 0 }) },
  { provider: 'groq', id: 'llama-3.3-70b-versatile', kind: 'chat', values: values('Llama 3.3 70B', 131_072, ['completion', 'tools'], null) },
];
const SYSTEM_ALIASES = [{ alias: 'gpt4', provider: 'openai', modelId: 'gpt-4o' }];

/**
 * A ProxyControl for tests that derives its views from the real store on every reload, the way the proxy does
 * (catalog + database), with a tiny fixed "catalog". It records calls. Provider views of custom providers carry
 * the stored provider object along (as a careless implementation spreading it would), so tests can prove the
 * admin API never lets header values out even then.
 */
export class FakeProxyControl implements ProxyControl {
  reloads = 0;
  readonly tested: string[] = [];
  readonly refreshed: string[] = [];
  testResult: ProviderTestResult = { ok: true, latencyMs: 42, message: 'listed 2 models', modelCount: 2 };
  private providerViews: ProviderView[] = [];
  private modelViews: ModelView[] = [];
  private aliasViews: AliasView[] = [];

  constructor(private readonly store: Store) {}

  providers(): ProviderView[] {
    return this.providerViews;
  }
  models(): ModelView[] {
    return this.modelViews;
  }
  aliases(): AliasView[] {
    return this.aliasViews;
  }

  async testProvider(id: string): Promise<ProviderTestResult> {
    this.tested.push(id);
    return this.testResult;
  }

  async refreshProvider(id: string): Promise<void> {
    this.refreshed.push(id);
  }

  isReservedProviderId(id: string): boolean {
    return RESERVED.has(id);
  }

  async reload(): Promise<void> {
    this.reloads += 1;
    const config = await this.store.loadConfig();
    const providerEnabled = new Map(config.providerOverrides.map((override) => [override.id, override.enabled]));

    const aliases: AliasView[] = [
      ...SYSTEM_ALIASES.map((alias) => ({
        ...alias,
        source: 'system' as const,
        enabled: config.aliasOverrides.find((o) => o.alias === alias.alias && o.provider === alias.provider)?.enabled ?? true,
      })),
      ...config.customAliases.map((alias) => ({ ...alias, source: 'custom' as const })),
    ];

    const models: ModelView[] = [];
    const addModel = (model: SystemModel, source: ModelView['source']) => {
      const override = config.modelOverrides.find((o) => o.provider === model.provider && o.modelId === model.id);
      const overrideValues: ModelView['override'] = {};
      if (override?.price) overrideValues.price = override.price;
      if (override?.contextLength !== undefined) overrideValues.contextLength = override.contextLength;
      if (override?.capabilities) overrideValues.capabilities = override.capabilities;
      if (override?.description !== undefined) overrideValues.description = override.description;
      const hasOverride = Object.keys(overrideValues).length > 0;
      models.push({
        provider: model.provider,
        id: model.id,
        name: model.id,
        kind: model.kind,
        source,
        enabled: override?.enabled ?? true,
        providerActive: true,
        values: { ...model.values, ...overrideValues },
        systemValues: model.values,
        override: hasOverride ? overrideValues : null,
        aliases: aliases.filter((a) => a.provider === model.provider && a.modelId === model.id).map((a) => a.alias),
      });
    };
    for (const model of SYSTEM_MODELS) addModel(model, 'system');
    for (const model of config.customModels) {
      addModel(
        {
          provider: model.provider,
          id: model.id,
          kind: model.kind,
          values: { displayName: model.displayName, contextLength: model.contextLength, maxOutputTokens: model.maxOutputTokens, capabilities: model.capabilities, price: model.price, description: model.description },
        },
        'custom',
      );
    }

    const counts = (id: string) => ({
      modelCount: models.filter((model) => model.provider === id).length,
      aliasCount: aliases.filter((alias) => alias.provider === id).length,
    });
    this.providerViews = [
      ...SYSTEM_PROVIDERS.map((provider): ProviderView => {
        const enabled = providerEnabled.get(provider.id) ?? true;
        return {
          ...provider,
          dialect: 'openai-compatible',
          source: 'system',
          enabled,
          status: !enabled ? 'disabled' : provider.keySet ? 'active' : 'no_key',
          statusDetail: null,
          headerNames: [],
          ...counts(provider.id),
          discovery: null,
        };
      }),
      ...config.customProviders.map((provider) => {
        const view: ProviderView = {
          id: provider.id,
          displayName: provider.displayName,
          dialect: provider.type === 'anthropic-compatible' ? 'anthropic' : provider.type,
          source: 'custom',
          baseUrl: provider.baseUrl,
          apiKeyEnv: provider.apiKeyEnv,
          keySet: provider.apiKeyEnv !== null && process.env[provider.apiKeyEnv] !== undefined,
          enabled: provider.enabled,
          status: provider.enabled ? 'active' : 'disabled',
          statusDetail: null,
          headerNames: Object.keys(provider.headers),
          ...counts(provider.id),
          discovery: provider.type === 'ollama' ? { lastRefreshAt: 1_700_000_000_000, lastError: null, modelCount: 0 } : null,
        };
        // The careless spread (see the class comment): `headers` rides along at run time.
        return { ...provider, ...view };
      }),
    ];
    this.modelViews = models;
    this.aliasViews = aliases;
  }
}
