import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  createProvider, deleteProvider, refreshProvider, setProviderEnabled, testProvider, updateProvider,
} from '../../api/providers-api.js';
import { queryKeys } from '../../api/query-keys.js';
import type { CustomProviderInput, ProviderView } from '../../api/types.js';
import { invalidateCatalog } from '../../api/invalidate-catalog.js';

/** Puts a returned provider into the cached list at once, before the refetch lands. */
function replaceProvider(list: ProviderView[] | undefined, provider: ProviderView): ProviderView[] | undefined {
  return list?.map((item) => (item.id === provider.id ? provider : item));
}

export function useCreateProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CustomProviderInput) => createProvider(input),
    onSuccess: () => invalidateCatalog(queryClient),
  });
}

export function useUpdateProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CustomProviderInput) => updateProvider(input),
    onSuccess: (provider) => {
      queryClient.setQueryData<ProviderView[]>(queryKeys.providers, (list) => replaceProvider(list, provider));
      return invalidateCatalog(queryClient);
    },
  });
}

export function useDeleteProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteProvider(id),
    onSuccess: () => invalidateCatalog(queryClient),
  });
}

export function useSetProviderEnabled() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) => setProviderEnabled(id, enabled),
    onSuccess: (provider) => {
      queryClient.setQueryData<ProviderView[]>(queryKeys.providers, (list) => replaceProvider(list, provider));
      return invalidateCatalog(queryClient);
    },
  });
}

/** A test can change a provider's status (unreachable ↔ active): refresh the lists once it ran. */
export function useTestProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => testProvider(id),
    onSettled: () => Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.providers }),
      queryClient.invalidateQueries({ queryKey: queryKeys.dashboard }),
    ]),
  });
}

export function useRefreshProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => refreshProvider(id),
    onSuccess: (provider) => {
      queryClient.setQueryData<ProviderView[]>(queryKeys.providers, (list) => replaceProvider(list, provider));
      return invalidateCatalog(queryClient);
    },
  });
}
