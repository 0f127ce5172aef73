import { apiRequest } from './client.js';
import type { Settings, SettingsPatch } from './types.js';

export function getSettings(signal?: AbortSignal): Promise<Settings> {
  return apiRequest<Settings>('/api/settings', { signal });
}

export function patchSettings(patch: SettingsPatch): Promise<Settings> {
  return apiRequest<Settings>('/api/settings', { method: 'PATCH', body: patch });
}
