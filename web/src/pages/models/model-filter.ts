import type { ModelSource, ModelView } from '../../api/types.js';
import { matchesSearch, modelSearchText } from '../../lib/model-search.js';

/** The Models page's search and filters, kept in the URL query (?q=&provider=&source=&capability=&status=). */
export type ModelStatusFilter = '' | 'enabled' | 'disabled' | 'unserved';
export type ModelFilter = {
  search: string;
  provider: string;
  source: '' | ModelSource;
  capability: string;
  status: ModelStatusFilter;
};

const SOURCES: readonly string[] = ['system', 'discovered', 'custom'];
const STATUSES: readonly string[] = ['enabled', 'disabled', 'unserved'];

export function readModelFilter(params: URLSearchParams): ModelFilter {
  const source = params.get('source') ?? '';
  const status = params.get('status') ?? '';
  return {
    search: params.get('q') ?? '',
    provider: params.get('provider') ?? '',
    source: SOURCES.includes(source) ? (source as ModelSource) : '',
    capability: params.get('capability') ?? '',
    status: STATUSES.includes(status) ? (status as ModelStatusFilter) : '',
  };
}

export function writeModelFilter(filter: ModelFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.search !== '') params.set('q', filter.search);
  if (filter.provider !== '') params.set('provider', filter.provider);
  if (filter.source !== '') params.set('source', filter.source);
  if (filter.capability !== '') params.set('capability', filter.capability);
  if (filter.status !== '') params.set('status', filter.status);
  return params;
}

/** Search text is built once per model list, not on every keystroke. */
export type IndexedModel = { model: ModelView; text: string };

export function indexModels(models: readonly ModelView[]): IndexedModel[] {
  return models.map((model) => ({ model, text: modelSearchText(model) }));
}

export function filterModels(indexed: readonly IndexedModel[], filter: ModelFilter): ModelView[] {
  const result: ModelView[] = [];
  for (const { model, text } of indexed) {
    if (filter.provider !== '' && model.provider !== filter.provider) continue;
    if (filter.source !== '' && model.source !== filter.source) continue;
    if (filter.capability !== '' && !model.values.capabilities.includes(filter.capability)) continue;
    if (filter.status === 'enabled' && !model.enabled) continue;
    if (filter.status === 'disabled' && model.enabled) continue;
    if (filter.status === 'unserved' && model.enabled && model.providerActive) continue;
    if (filter.search !== '' && !matchesSearch(text, filter.search)) continue;
    result.push(model);
  }
  return result;
}
