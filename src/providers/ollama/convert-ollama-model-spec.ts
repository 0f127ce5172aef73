import type { ReasoningEffort } from '../../core/chat-request.js';
import type { Capability, ModelSpec } from '../../core/model-info.js';
import type { OllamaWireListedModel, OllamaWireShowResponse } from './ollama-wire.js';

/** Used when /api/show has no `<arch>.context_length`: most current models have far more than Ollama's old 4096. */
export const FALLBACK_CONTEXT_LENGTH = 8192;

const KNOWN_CAPABILITIES: ReadonlySet<string> = new Set<Capability>(['completion', 'tools', 'vision', 'thinking', 'embedding', 'insert']);

/** gpt-oss is the one model family whose `think` takes a level instead of a bool. */
const GPT_OSS_EFFORTS: ReasoningEffort[] = ['low', 'medium', 'high'];

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

function nonEmpty(value: string | undefined | null): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : value;
}

/** Ollama's capability strings we model (`image`, `audio` and future ones are left out), order kept. */
function knownCapabilities(list: readonly string[]): Capability[] {
  return list.filter((capability): capability is Capability => KNOWN_CAPABILITIES.has(capability));
}

/** `<arch>.<key>` from model_info; without an architecture, the first `*.<key>` entry. */
function modelInfoNumber(info: Record<string, unknown>, arch: string | undefined, key: string): number | undefined {
  if (arch !== undefined) return positiveInteger(info[`${arch}.${key}`]);
  const entry = Object.entries(info).find(([name]) => name.endsWith(`.${key}`));
  return entry ? positiveInteger(entry[1]) : undefined;
}

/**
 * One model from `/api/tags` plus its `/api/show` → what routing and listings know about it: the name as Ollama
 * lists it (`llama3.2:latest`), family, size and quantization from `details`, context and embedding length from
 * the GGUF metadata in `model_info`, capabilities exactly as Ollama reports them.
 */
export function convertOllamaModelSpec(provider: string, listed: OllamaWireListedModel & { name: string }, show: OllamaWireShowResponse): ModelSpec {
  const info = show.model_info ?? {};
  const details = show.details ?? listed.details ?? {};
  const architecture = nonEmpty(typeof info['general.architecture'] === 'string' ? info['general.architecture'] : undefined);
  const capabilities = knownCapabilities(show.capabilities ?? listed.capabilities ?? ['completion']);
  const embeddingOnly = capabilities.includes('embedding') && !capabilities.includes('completion');
  const family = nonEmpty(details.family) ?? architecture ?? provider;

  const spec: ModelSpec = {
    provider,
    id: listed.name,
    displayName: listed.name,
    family,
    kind: embeddingOnly ? 'embedding' : 'chat',
    contextLength: modelInfoNumber(info, architecture, 'context_length') ?? FALLBACK_CONTEXT_LENGTH,
    capabilities,
  };
  const embeddingLength = modelInfoNumber(info, architecture, 'embedding_length');
  if (embeddingLength !== undefined) spec.embeddingLength = embeddingLength;
  const parameterSize = nonEmpty(details.parameter_size);
  if (parameterSize !== undefined) spec.parameterSize = parameterSize;
  const quantization = nonEmpty(details.quantization_level);
  if (quantization !== undefined) spec.quantization = quantization;
  if (capabilities.includes('thinking') && (architecture === 'gptoss' || family === 'gptoss')) spec.reasoningEfforts = GPT_OSS_EFFORTS;
  return spec;
}

/**
 * A listed model whose /api/show failed: the name is real but its limits are unknown, so the spec is marked
 * `passthrough` (routing does not second-guess it) and the next refresh asks again.
 */
export function convertOllamaListedModelSpec(provider: string, listed: OllamaWireListedModel & { name: string }): ModelSpec {
  const details = listed.details ?? {};
  const capabilities = knownCapabilities(listed.capabilities ?? (/embed/i.test(listed.name) ? ['embedding'] : ['completion']));
  const spec: ModelSpec = {
    provider,
    id: listed.name,
    displayName: listed.name,
    family: nonEmpty(details.family) ?? provider,
    kind: capabilities.includes('embedding') && !capabilities.includes('completion') ? 'embedding' : 'chat',
    contextLength: FALLBACK_CONTEXT_LENGTH,
    capabilities,
    passthrough: true,
  };
  const parameterSize = nonEmpty(details.parameter_size);
  if (parameterSize !== undefined) spec.parameterSize = parameterSize;
  const quantization = nonEmpty(details.quantization_level);
  if (quantization !== undefined) spec.quantization = quantization;
  return spec;
}
