import { useQuery } from '@tanstack/react-query';
import { listModels } from '../../api/models-api.js';
import { queryKeys } from '../../api/query-keys.js';

export function useModelsQuery() {
  return useQuery({ queryKey: queryKeys.models, queryFn: ({ signal }) => listModels(signal), staleTime: 30_000 });
}
