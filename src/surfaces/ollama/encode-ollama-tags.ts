import type { ListedModel } from '../../core/model-info.js';
import {
  encodeOllamaCapabilities,
  encodeOllamaModelDetails,
  ollamaDigest,
  ollamaListedName,
} from './encode-ollama-model-details.js';
import type { OllamaTagsResponse } from './ollama-wire.js';

/** `GET /api/tags`: every model with `name` and `model` equal, a tag, size 0 and a fake digest. */
export function encodeOllamaTags(models: readonly ListedModel[], modifiedAt: string): OllamaTagsResponse {
  return {
    models: models.map(({ name, spec }) => {
      const listed = ollamaListedName(name);
      return {
        name: listed,
        model: listed,
        modified_at: modifiedAt,
        size: 0,
        digest: ollamaDigest(listed),
        details: encodeOllamaModelDetails(spec),
        capabilities: encodeOllamaCapabilities(spec),
      };
    }),
  };
}
