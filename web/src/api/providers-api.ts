import { apiRequest } from './client.js';
import type { CustomProviderInput, ProviderTestResult, ProviderView } from './types.js';

const providerPath = (id: string) => `/api/providers/${encodeURIComponent(id)}`;

export function listProviders(signal?: AbortSignal): Promise<ProviderView[]> {
  return apiRequest<ProviderView[]>('/api/providers', { signal });
}

export function createProvider(input: CustomProviderInput): Promise<ProviderView> {
  return apiRequest<ProviderView>('/api/providers', { method: 'POST', body: input });
}

export function updateProvider(input: CustomProviderInput): Promise<ProviderView> {
  return apiRequest<ProviderView>(providerPath(input.id), { method: 'PUT', body: input });
}

export function deleteProvider(id: string): Promise<void> {
  return apiRequest<void>(providerPath(id), { method: 'DELETE' });
}

export function setProviderEnabled(id: string, enabled: boolean): Promise<ProviderView> {
  return apiRequest<ProviderView>(`${providerPath(id)}/enabled`, { method: 'POST', body: { enabled } });
}

export function testProvider(id: string): Promise<ProviderTestResult> {
  return apiRequest<ProviderTestResult>(`${providerPath(id)}/test`, { method: 'POST' });
}

export function refreshProvider(id: string): Promise<ProviderView> {
  return apiRequest<ProviderView>(`${providerPath(id)}/refresh`, { method: 'POST' });
}
