// The models a fake Ollama server has "pulled", and how /api/tags and /api/show describe them
// (shared/reference/ollama-api.md §3, §5; ollama `api/types.go` ListModelResponse, ShowResponse, ModelDetails).
import { createHash } from 'node:crypto';

type Json = Record<string, unknown>;

export type FakeOllamaModel = {
  /** As /api/tags lists it, always with a tag: `llama3.2:latest`, `qwen3:8b`. */
  name: string;
  /** GGUF `general.architecture`, the prefix of the model_info keys (`llama`, `qwen3`, `gptoss`, `nomic-bert`). */
  architecture: string;
  /** `details.family`; defaults to the architecture. */
  family?: string;
  /** `details.families`; defaults to `[family]`. */
  families?: string[] | null;
  parameterSize: string;
  quantization: string;
  /** `<arch>.context_length` in model_info; omitted from model_info when undefined. */
  contextLength?: number;
  /** `<arch>.embedding_length` in model_info. */
  embeddingLength?: number;
  /** Straight into /api/show `capabilities`: completion, tools, insert, vision, embedding, thinking. */
  capabilities: string[];
  /** Bytes on disk; a made-up but stable number by default. */
  size?: number;
  /** 64 hex characters; derived from the name by default. Change it to simulate a re-pull. */
  digest?: string;
  template?: string;
};

export const DEFAULT_FAKE_OLLAMA_MODELS: readonly FakeOllamaModel[] = [
  {
    name: 'llama3.2:latest', architecture: 'llama', parameterSize: '3.2B', quantization: 'Q4_K_M',
    contextLength: 131072, embeddingLength: 3072, capabilities: ['completion', 'tools'], size: 2019393189,
  },
  {
    name: 'qwen3:8b', architecture: 'qwen3', parameterSize: '8.2B', quantization: 'Q4_K_M',
    contextLength: 40960, embeddingLength: 4096, capabilities: ['completion', 'tools', 'thinking'], size: 5225387923,
  },
  {
    name: 'gpt-oss:20b', architecture: 'gptoss', parameterSize: '20.9B', quantization: 'MXFP4',
    contextLength: 131072, embeddingLength: 2880, capabilities: ['completion', 'tools', 'thinking'], size: 13780173734,
  },
  {
    name: 'llava:7b', architecture: 'llama', families: ['llama', 'clip'], parameterSize: '7B', quantization: 'Q4_0',
    contextLength: 32768, embeddingLength: 4096, capabilities: ['completion', 'vision'], size: 4733363377,
  },
  {
    name: 'qwen2.5-coder:1.5b', architecture: 'qwen2', parameterSize: '1.5B', quantization: 'Q4_K_M',
    contextLength: 32768, embeddingLength: 1536, capabilities: ['completion', 'tools', 'insert'], size: 986062089,
    template: '{{- if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>{{- else }}{{ .Prompt }}{{- end }}',
  },
  {
    name: 'nomic-embed-text:latest', architecture: 'nomic-bert', parameterSize: '137M', quantization: 'F16',
    contextLength: 2048, embeddingLength: 768, capabilities: ['embedding'], size: 274302450,
  },
];

/** Go formats `modified_at` in the server's local zone with nanoseconds; the fake pins one. */
const MODIFIED_AT = '2026-07-14T09:21:07.512309142+02:00';

export function digestOf(model: FakeOllamaModel): string {
  return model.digest ?? createHash('sha256').update(model.name).digest('hex');
}

/** Ollama resolves a name without a tag to `:latest`; names are matched case-insensitively. */
export function findFakeModel(models: readonly FakeOllamaModel[], name: string): FakeOllamaModel | undefined {
  const full = (name.includes(':') ? name : `${name}:latest`).toLowerCase();
  return models.find((model) => model.name.toLowerCase() === full);
}

export function modelDetails(model: FakeOllamaModel): Json {
  const family = model.family ?? model.architecture;
  return {
    parent_model: '',
    format: 'gguf',
    family,
    families: model.families === undefined ? [family] : model.families,
    parameter_size: model.parameterSize,
    quantization_level: model.quantization,
  };
}

export function tagsEntry(model: FakeOllamaModel): Json {
  return {
    name: model.name,
    model: model.name,
    modified_at: MODIFIED_AT,
    size: model.size ?? 1_000_000_000,
    digest: digestOf(model),
    details: modelDetails(model),
  };
}

const PARAMETER_COUNT: Record<string, number> = { B: 1e9, M: 1e6 };

function parameterCount(size: string): number | undefined {
  const match = /^([\d.]+)([BM])$/.exec(size);
  return match ? Math.round(Number(match[1]) * (PARAMETER_COUNT[match[2] ?? 'B'] ?? 1)) : undefined;
}

/** `/api/show`: `model_info` is always an object (several integrations crash on null), `capabilities` always a list. */
export function showBody(model: FakeOllamaModel): Json {
  const arch = model.architecture;
  const info: Json = { 'general.architecture': arch, 'general.basename': model.name.split(':')[0], 'general.file_type': 15 };
  const count = parameterCount(model.parameterSize);
  if (count !== undefined) info['general.parameter_count'] = count;
  if (model.contextLength !== undefined) info[`${arch}.context_length`] = model.contextLength;
  if (model.embeddingLength !== undefined) info[`${arch}.embedding_length`] = model.embeddingLength;
  info[`${arch}.block_count`] = 28;
  info['tokenizer.ggml.model'] = 'gpt2';
  // Go's %#v quotes strings: `stop                           "<|eot_id|>"`.
  const parameters = model.capabilities.includes('embedding') ? 'num_ctx                        8192' : 'stop                           "<|eot_id|>"';
  return {
    license: 'Fake model license',
    modelfile: `# Modelfile generated by "ollama show"\n# To build a new Modelfile based on this, replace FROM with:\n# FROM ${model.name}\n\nFROM /root/.ollama/models/blobs/sha256-${digestOf(model)}\n`,
    parameters,
    template: model.template ?? '{{ if .System }}{{ .System }}{{ end }}{{ range .Messages }}{{ .Content }}{{ end }}',
    details: modelDetails(model),
    model_info: info,
    capabilities: [...model.capabilities],
    modified_at: MODIFIED_AT,
  };
}
