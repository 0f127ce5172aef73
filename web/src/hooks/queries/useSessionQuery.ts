import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../api/query-keys.js';
import { getSession } from '../../api/session-api.js';

export function useSessionQuery() {
  return useQuery({ queryKey: queryKeys.session, queryFn: getSession, retry: false, staleTime: 60_000 });
}
