import { useQuery } from '@tanstack/react-query';
import { getDashboard } from '../../api/dashboard-api.js';
import { queryKeys } from '../../api/query-keys.js';

export function useDashboardQuery() {
  return useQuery({ queryKey: queryKeys.dashboard, queryFn: ({ signal }) => getDashboard(signal), refetchInterval: 30_000 });
}
