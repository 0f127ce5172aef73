import type { DashboardView } from '../../api/types.js';

export type CatalogCounts = {
  /** Enabled models and aliases of active providers: what a client can reach now (the API's own counts). */
  servedModels: number;
  servedAliases: number;
  /** Enabled models and aliases of every provider, active or not (summed from the per-provider counts). */
  enabledModels: number;
  enabledAliases: number;
  activeProviders: number;
  providers: number;
};

/**
 * The dashboard's model and alias counts. The API counts only what is served, while the Models and Aliases pages
 * list every provider's entries, so the card shows both to explain the difference.
 */
export function catalogCounts(view: DashboardView): CatalogCounts {
  let enabledModels = 0;
  let enabledAliases = 0;
  let activeProviders = 0;
  for (const provider of view.providers) {
    enabledModels += provider.modelCount;
    enabledAliases += provider.aliasCount;
    if (provider.status === 'active') activeProviders++;
  }
  return {
    servedModels: view.modelCount,
    servedAliases: view.aliasCount,
    enabledModels,
    enabledAliases,
    activeProviders,
    providers: view.providers.length,
  };
}
