import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../api/query-keys.js';
import { getSettings } from '../../api/settings-api.js';

export function useSettingsQuery() {
  return useQuery({ queryKey: queryKeys.settings, queryFn: ({ signal }) => getSettings(signal) });
}
