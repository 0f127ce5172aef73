import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../api/query-keys.js';
import { getUsageSummary, type UsageQuery } from '../../api/usage-api.js';

export function useUsageSummaryQuery(query: UsageQuery) {
  return useQuery({
    queryKey: queryKeys.usageSummary(query),
    queryFn: ({ signal }) => getUsageSummary(query, signal),
    placeholderData: keepPreviousData,
  });
}
