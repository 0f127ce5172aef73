import type { ModelView } from '../api/types.js';

/** What a model is found by: the name clients send, provider/id, display name and aliases, lower-cased once. */
export function modelSearchText(model: ModelView): string {
  return `${model.name} ${model.provider}/${model.id} ${model.values.displayName} ${model.aliases.join(' ')}`.toLowerCase();
}

/** Every whitespace-separated word of the query must occur (in any order): "gpt 4o openai". */
export function matchesSearch(searchText: string, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return words.every((word) => searchText.includes(word));
}

export function modelKey(model: { provider: string; id: string }): string {
  return `${model.provider}/${model.id}`;
}
