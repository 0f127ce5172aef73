import { createHash } from 'node:crypto';
import type { ModelSpec } from '../../core/model-info.js';
import type { OllamaModelDetails } from './ollama-wire.js';

/**
 * The name a model is listed under: with an explicit tag, because Open WebUI appends `:latest` to bare names before
 * looking them up. A tag is a `:` after the last `/` (`openrouter/x:free` keeps its own).
 */
export function ollamaListedName(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  return base.includes(':') ? name : `${name}:latest`;
}

/** A stable fake digest: sha256 hex of the listed name (there are no blobs behind a proxy). */
export function ollamaDigest(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

/** Ollama capabilities: chat models always `completion` plus their own; embedding models only `embedding`. */
export function encodeOllamaCapabilities(spec: ModelSpec): string[] {
  if (spec.kind === 'embedding') return ['embedding'];
  return [...new Set<string>(['completion', ...spec.capabilities.filter((capability) => capability !== 'embedding')])];
}

/** ModelDetails with every string present (strict decoders in Zed and OllamaKit reject nulls). */
export function encodeOllamaModelDetails(spec: ModelSpec): OllamaModelDetails {
  return {
    parent_model: '',
    format: '',
    family: spec.family,
    families: [spec.family],
    parameter_size: spec.parameterSize ?? '',
    quantization_level: spec.quantization ?? '',
  };
}
