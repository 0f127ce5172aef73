import { apiRequest } from './client.js';
import type { AliasView, CustomAliasInput } from './types.js';

export function listAliases(signal?: AbortSignal): Promise<AliasView[]> {
  return apiRequest<AliasView[]>('/api/aliases', { signal });
}

export function saveCustomAlias(input: CustomAliasInput): Promise<AliasView> {
  return apiRequest<AliasView>('/api/aliases/custom', { method: 'PUT', body: input });
}

export function deleteCustomAlias(alias: string): Promise<void> {
  return apiRequest<void>('/api/aliases/custom', { method: 'DELETE', query: { alias } });
}

export function setAliasEnabled(alias: string, provider: string, enabled: boolean): Promise<AliasView> {
  return apiRequest<AliasView>('/api/aliases/enabled', { method: 'POST', body: { alias, provider, enabled } });
}
