import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../api/query-keys.js';
import { getUsageFacets } from '../../api/usage-api.js';

export function useUsageFacetsQuery(from: number, to: number) {
  return useQuery({
    queryKey: queryKeys.usageFacets(from, to),
    queryFn: ({ signal }) => getUsageFacets({ from, to }, signal),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}
