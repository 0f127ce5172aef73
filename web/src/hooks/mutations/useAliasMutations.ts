import { useMutation, useQueryClient } from '@tanstack/react-query';
import { deleteCustomAlias, saveCustomAlias, setAliasEnabled } from '../../api/aliases-api.js';
import { queryKeys } from '../../api/query-keys.js';
import type { AliasView, CustomAliasInput } from '../../api/types.js';
import { invalidateCatalog } from '../../api/invalidate-catalog.js';

export function useSaveCustomAlias() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CustomAliasInput) => saveCustomAlias(input),
    onSuccess: () => invalidateCatalog(queryClient),
  });
}

export function useDeleteCustomAlias() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (alias: string) => deleteCustomAlias(alias),
    onSuccess: () => invalidateCatalog(queryClient),
  });
}

export function useSetAliasEnabled() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ alias, provider, enabled }: { alias: string; provider: string; enabled: boolean }) =>
      setAliasEnabled(alias, provider, enabled),
    onSuccess: (view) => {
      queryClient.setQueryData<AliasView[]>(queryKeys.aliases, (list) =>
        list?.map((item) => (item.alias === view.alias && item.provider === view.provider ? view : item)));
      return invalidateCatalog(queryClient);
    },
  });
}
