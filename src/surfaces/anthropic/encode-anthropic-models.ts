import type { ListedModel } from '../../core/model-info.js';

/** Anthropic's model object (GET /v1/models): https://docs.anthropic.com/en/api/models-list */
export type AnthropicModel = { type: 'model'; id: string; display_name: string; created_at: string };
export type AnthropicModelList = { data: AnthropicModel[]; has_more: boolean; first_id: string | null; last_id: string | null };

export function encodeAnthropicModel(model: ListedModel, createdAt: string): AnthropicModel {
  return { type: 'model', id: model.name, display_name: model.spec.displayName, created_at: createdAt };
}

/** The whole list as one page (we never page: the list is small and in memory). */
export function encodeAnthropicModelList(models: readonly ListedModel[], createdAt: string): AnthropicModelList {
  const data = models.map((model) => encodeAnthropicModel(model, createdAt));
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}
