import { useQuery } from '@tanstack/react-query';
import { listAliases } from '../../api/aliases-api.js';
import { queryKeys } from '../../api/query-keys.js';

export function useAliasesQuery() {
  return useQuery({ queryKey: queryKeys.aliases, queryFn: ({ signal }) => listAliases(signal) });
}
