import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  clearModelOverride, deleteCustomModel, saveCustomModel, saveModelOverride, setModelEnabled,
} from '../../api/models-api.js';
import { queryKeys } from '../../api/query-keys.js';
import type { CustomModelInput, ModelOverrideInput, ModelView } from '../../api/types.js';
import { invalidateCatalog } from '../../api/invalidate-catalog.js';

/** Shows a returned model in the cached list at once; the catalog refetch follows. */
function putModel(queryClient: ReturnType<typeof useQueryClient>, model: ModelView): Promise<void> {
  queryClient.setQueryData<ModelView[]>(queryKeys.models, (list) =>
    list?.map((item) => (item.provider === model.provider && item.id === model.id ? model : item)));
  return invalidateCatalog(queryClient);
}

export function useSaveCustomModel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CustomModelInput) => saveCustomModel(input),
    onSuccess: () => invalidateCatalog(queryClient),
  });
}

export function useDeleteCustomModel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ provider, id }: { provider: string; id: string }) => deleteCustomModel(provider, id),
    onSuccess: () => invalidateCatalog(queryClient),
  });
}

export function useSaveModelOverride() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ModelOverrideInput) => saveModelOverride(input),
    onSuccess: (model) => putModel(queryClient, model),
  });
}

export function useClearModelOverride() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ provider, id }: { provider: string; id: string }) => clearModelOverride(provider, id),
    onSuccess: (model) => putModel(queryClient, model),
  });
}

type EnabledChange = { provider: string; id: string; enabled: boolean };

/** Optimistic: the switch flips at once and flips back if the API refuses. */
export function useSetModelEnabled() {
  const queryClient = useQueryClient();
  const flip = (change: EnabledChange, enabled: boolean) =>
    queryClient.setQueryData<ModelView[]>(queryKeys.models, (list) =>
      list?.map((item) => (item.provider === change.provider && item.id === change.id ? { ...item, enabled } : item)));
  return useMutation({
    mutationFn: (change: EnabledChange) => setModelEnabled(change.provider, change.id, change.enabled),
    onMutate: async (change) => {
      await queryClient.cancelQueries({ queryKey: queryKeys.models });
      flip(change, change.enabled);
    },
    onError: (_error, change) => flip(change, !change.enabled),
    onSuccess: (model) => putModel(queryClient, model),
  });
}
