import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../api/query-keys.js';
import { changePassword } from '../../api/session-api.js';
import { patchSettings } from '../../api/settings-api.js';
import type { SettingsPatch } from '../../api/types.js';

export function usePatchSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: SettingsPatch) => patchSettings(patch),
    // The answer is the whole new Settings: no refetch needed, and nothing else on screen depends on them.
    onSuccess: (settings) => queryClient.setQueryData(queryKeys.settings, settings),
  });
}

/** The server answers with a new session cookie (every other session ends). */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ currentPassword, newPassword }: { currentPassword: string; newPassword: string }) =>
      changePassword(currentPassword, newPassword),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.session }),
  });
}
