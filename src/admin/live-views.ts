import type { AliasView, ModelView, ProviderView } from './admin-api-types.js';
import type { ProxyControl } from './admin-deps.js';
import { AdminError } from './admin-error.js';

/**
 * Lookups in the live view the proxy control serves, plus the one projection that guards the "no secret in any
 * answer" rule: provider views are rebuilt field by field, so nothing the control might carry along (header values)
 * can reach a response.
 */
export function publicProviderView(view: ProviderView): ProviderView {
  return {
    id: view.id,
    displayName: view.displayName,
    dialect: view.dialect,
    source: view.source,
    baseUrl: view.baseUrl,
    apiKeyEnv: view.apiKeyEnv,
    keySet: view.keySet,
    enabled: view.enabled,
    status: view.status,
    statusDetail: view.statusDetail,
    headerNames: [...view.headerNames],
    modelCount: view.modelCount,
    aliasCount: view.aliasCount,
    discovery: view.discovery
      ? { lastRefreshAt: view.discovery.lastRefreshAt, lastError: view.discovery.lastError, modelCount: view.discovery.modelCount }
      : null,
  };
}

export function findProvider(control: ProxyControl, id: string): ProviderView | undefined {
  return control.providers().find((provider) => provider.id === id);
}

export function findModel(control: ProxyControl, provider: string, modelId: string): ModelView | undefined {
  return control.models().find((model) => model.provider === provider && model.id === modelId);
}

export function requireProvider(control: ProxyControl, id: string): ProviderView {
  const view = findProvider(control, id);
  if (!view) throw new AdminError('not_found', `no provider '${id}'`);
  return view;
}

export function requireModel(control: ProxyControl, provider: string, modelId: string): ModelView {
  const view = findModel(control, provider, modelId);
  if (!view) throw new AdminError('not_found', `no model '${modelId}' at provider '${provider}'`);
  return view;
}

/** After a write and a reload the changed item must be visible; if not, the reload did not pick the change up. */
export function afterWrite<T>(view: T | undefined, what: string): T {
  if (view === undefined) throw new AdminError('internal', `${what} was saved but is not in the reloaded configuration`);
  return view;
}

export function findAlias(control: ProxyControl, alias: string, provider: string, source?: AliasView['source']): AliasView | undefined {
  return control
    .aliases()
    .find((view) => view.alias === alias && view.provider === provider && (source === undefined || view.source === source));
}
