import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../api/query-keys.js';
import type { TimeBucket } from '../../api/types.js';
import { getUsageTimeSeries, type UsageQuery } from '../../api/usage-api.js';

export function useUsageTimeSeriesQuery(query: UsageQuery, bucket: TimeBucket) {
  return useQuery({
    queryKey: queryKeys.usageTimeSeries(query, bucket),
    queryFn: ({ signal }) => getUsageTimeSeries(query, bucket, signal),
    placeholderData: keepPreviousData,
  });
}
