import type { ModelSpec } from '../../core/model-info.js';
import { ProxyError } from '../../core/proxy-error.js';
import { networkError, sendUpstream } from '../http/upstream-http.js';
import type { ProviderOptions } from '../provider-options.js';
import { convertOllamaListedModelSpec, convertOllamaModelSpec } from './convert-ollama-model-spec.js';
import { mapWithConcurrency } from './map-with-concurrency.js';
import { ollamaHeaders } from './ollama-headers.js';
import { parseOllamaHttpError } from './parse-ollama-error.js';
import type { OllamaWireListedModel, OllamaWireShowResponse, OllamaWireTagsResponse } from './ollama-wire.js';

export type OllamaDiscoverySettings = {
  /** Bound on each upstream call (tags, every show), body included. Default 5 s. */
  timeoutMs?: number;
  /** How many /api/show calls run at once. Default 4: Ollama reads each model's GGUF header from disk. */
  concurrency?: number;
  /** Cancels the whole discovery (the discovery was stopped). */
  signal?: AbortSignal;
};

export const DEFAULT_DISCOVERY_TIMEOUT_MS = 5_000;
export const DEFAULT_SHOW_CONCURRENCY = 4;

/** A spec from /api/show, remembered with the digest it describes: an unchanged model is not shown again. */
export type ShowCache = Map<string, { digest: string; spec: ModelSpec }>;

type Listed = OllamaWireListedModel & { name: string };

/** One bounded GET/POST returning parsed JSON; a timeout says which call was too slow. */
async function fetchJson<T>(options: ProviderOptions, path: string, body: unknown, settings: OllamaDiscoverySettings): Promise<T> {
  const timeoutMs = settings.timeoutMs ?? DEFAULT_DISCOVERY_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = settings.signal ? AbortSignal.any([timeout, settings.signal]) : timeout;
  const method = body === undefined ? 'GET' : 'POST';
  try {
    const response = await sendUpstream(
      options.http,
      options.id,
      `${options.baseUrl.replace(/\/+$/, '')}${path}`,
      { method, headers: ollamaHeaders(options), ...(body === undefined ? {} : { body: JSON.stringify(body) }), signal },
      parseOllamaHttpError,
    );
    return JSON.parse(await response.body.text()) as T;
  } catch (error) {
    if (timeout.aborted && !settings.signal?.aborted) {
      throw new ProxyError('upstream_timeout', `${options.id} did not answer ${method} ${path} within ${timeoutMs} ms`, {
        provider: options.id,
        cause: error,
      });
    }
    if (error instanceof SyntaxError) {
      throw new ProxyError('upstream_protocol', `${options.id} answered ${path} with a body that is not JSON`, { provider: options.id, cause: error });
    }
    throw ProxyError.is(error) ? error : networkError(error, options.id);
  }
}

function listedModels(tags: OllamaWireTagsResponse): Listed[] {
  return (tags.models ?? []).flatMap((model) => {
    const name = model.name ?? model.model;
    return typeof name === 'string' && name !== '' ? [{ ...model, name }] : [];
  });
}

/**
 * The models of one Ollama upstream with their real details: `/api/tags`, then `/api/show` for each model (a few at
 * a time, each call bounded). A model whose show fails is still listed, marked passthrough; an unreachable or
 * failing `/api/tags` rejects. `cache` (kept by the caller between refreshes) skips shows for unchanged digests.
 */
export async function discoverOllamaModels(
  options: ProviderOptions,
  settings: OllamaDiscoverySettings = {},
  cache: ShowCache = new Map(),
): Promise<ModelSpec[]> {
  const listed = listedModels(await fetchJson<OllamaWireTagsResponse>(options, '/api/tags', undefined, settings));
  const specs = await mapWithConcurrency(listed, settings.concurrency ?? DEFAULT_SHOW_CONCURRENCY, async (model) => {
    const digest = model.digest ?? '';
    const cached = cache.get(model.name);
    if (cached && digest !== '' && cached.digest === digest) return cached.spec;
    try {
      const show = await fetchJson<OllamaWireShowResponse>(options, '/api/show', { model: model.name }, settings);
      const spec = convertOllamaModelSpec(options.id, model, show);
      cache.set(model.name, { digest, spec });
      return spec;
    } catch (error) {
      if (settings.signal?.aborted) throw error;
      cache.delete(model.name);
      return convertOllamaListedModelSpec(options.id, model);
    }
  });
  // Forget models that are gone, so a re-pulled one with an old digest is shown afresh.
  const present = new Set(listed.map((model) => model.name));
  for (const name of cache.keys()) if (!present.has(name)) cache.delete(name);
  return specs;
}
