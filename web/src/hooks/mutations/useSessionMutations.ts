import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../api/query-keys.js';
import { login, logout } from '../../api/session-api.js';

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => login(password),
    // Forget the failed session check entirely, so the app asks again instead of showing its old 401.
    onSuccess: () => queryClient.removeQueries({ queryKey: queryKeys.session }),
  });
}

/** Whatever the server says, the local state goes: cached data must not outlive the session. */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => logout(),
    onSettled: () => queryClient.clear(),
  });
}
