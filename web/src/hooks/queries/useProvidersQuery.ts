import { useQuery } from '@tanstack/react-query';
import { listProviders } from '../../api/providers-api.js';
import { queryKeys } from '../../api/query-keys.js';

export function useProvidersQuery() {
  return useQuery({ queryKey: queryKeys.providers, queryFn: ({ signal }) => listProviders(signal) });
}
