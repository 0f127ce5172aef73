import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../api/query-keys.js';
import { getUsageRequests, type UsageQuery } from '../../api/usage-api.js';

export function useUsageRequestsQuery(query: UsageQuery, limit: number, offset: number) {
  return useQuery({
    queryKey: queryKeys.usageRequests(query, limit, offset),
    queryFn: ({ signal }) => getUsageRequests(query, limit, offset, signal),
    placeholderData: keepPreviousData,
  });
}
