import type { QueryClient } from '@tanstack/react-query';
import { queryKeys } from './query-keys.js';

/**
 * Providers, models and aliases describe one catalog: a provider's status decides whether its models are served,
 * model and alias counts appear on providers and the dashboard, aliases point at models. Any change to one of
 * them refreshes all four views (usage and settings are unaffected).
 */
export function invalidateCatalog(queryClient: QueryClient): Promise<void> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.providers }),
    queryClient.invalidateQueries({ queryKey: queryKeys.models }),
    queryClient.invalidateQueries({ queryKey: queryKeys.aliases }),
    queryClient.invalidateQueries({ queryKey: queryKeys.dashboard }),
  ]).then(() => undefined);
}
