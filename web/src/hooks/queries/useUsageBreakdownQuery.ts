import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../api/query-keys.js';
import type { BreakdownDimension } from '../../api/types.js';
import { getUsageBreakdown, type UsageQuery } from '../../api/usage-api.js';

export function useUsageBreakdownQuery(query: UsageQuery, by: BreakdownDimension, limit: number) {
  return useQuery({
    queryKey: queryKeys.usageBreakdown(query, by, limit),
    queryFn: ({ signal }) => getUsageBreakdown(query, by, limit, signal),
    placeholderData: keepPreviousData,
  });
}
