import { apiRequest } from './client.js';
import type { CustomModelInput, ModelOverrideInput, ModelView } from './types.js';

export function listModels(signal?: AbortSignal): Promise<ModelView[]> {
  return apiRequest<ModelView[]>('/api/models', { signal });
}

export function saveCustomModel(input: CustomModelInput): Promise<ModelView> {
  return apiRequest<ModelView>('/api/models/custom', { method: 'PUT', body: input });
}

export function deleteCustomModel(provider: string, model: string): Promise<void> {
  return apiRequest<void>('/api/models/custom', { method: 'DELETE', query: { provider, model } });
}

export function saveModelOverride(input: ModelOverrideInput): Promise<ModelView> {
  return apiRequest<ModelView>('/api/models/override', { method: 'PUT', body: input });
}

export function clearModelOverride(provider: string, model: string): Promise<ModelView> {
  return apiRequest<ModelView>('/api/models/override', { method: 'DELETE', query: { provider, model } });
}

export function setModelEnabled(provider: string, modelId: string, enabled: boolean): Promise<ModelView> {
  return apiRequest<ModelView>('/api/models/enabled', { method: 'POST', body: { provider, modelId, enabled } });
}
