import type { ListedModel } from '../../core/model-info.js';
import type { OpenAIModel, OpenAIModelList } from './openai-wire.js';

/** A listed model as OpenAI's model object: its public name as-is, the provider as owner. */
export function encodeOpenAIModel(model: ListedModel, created: number): OpenAIModel {
  return { id: model.name, object: 'model', created, owned_by: model.spec.provider };
}

export function encodeOpenAIModelList(models: readonly ListedModel[], created: number): OpenAIModelList {
  return { object: 'list', data: models.map((model) => encodeOpenAIModel(model, created)) };
}
