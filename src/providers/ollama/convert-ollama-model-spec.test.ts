import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convertOllamaListedModelSpec, convertOllamaModelSpec } from './convert-ollama-model-spec.js';
import type { OllamaWireShowResponse, OllamaWireTagsResponse } from './ollama-wire.js';

const json = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as T;
const tags = json<OllamaWireTagsResponse>('ollama-tags.json').models ?? [];
const listed = (index: number) => {
  const model = tags[index]!;
  return { ...model, name: model.name! };
};

describe('convertOllamaModelSpec', () => {
  it('reads a chat model: name as listed, details, context length from model_info, capabilities as reported, gpt-oss levels', () => {
    expect(convertOllamaModelSpec('ollama', listed(0), json<OllamaWireShowResponse>('ollama-show-gpt-oss.json'))).toEqual({
      provider: 'ollama',
      id: 'gpt-oss:20b',
      displayName: 'gpt-oss:20b',
      family: 'gptoss',
      kind: 'chat',
      contextLength: 131072,
      embeddingLength: 2880,
      capabilities: ['completion', 'tools', 'thinking'],
      parameterSize: '20.9B',
      quantization: 'MXFP4',
      reasoningEfforts: ['low', 'medium', 'high'],
    });
  });

  it('reads an embedding-only model as kind embedding with its embedding length', () => {
    expect(convertOllamaModelSpec('gpu-box', listed(1), json<OllamaWireShowResponse>('ollama-show-nomic-embed-text.json'))).toEqual({
      provider: 'gpu-box',
      id: 'nomic-embed-text:latest',
      displayName: 'nomic-embed-text:latest',
      family: 'nomic-bert',
      kind: 'embedding',
      contextLength: 2048,
      embeddingLength: 768,
      capabilities: ['embedding'],
      parameterSize: '137M',
      quantization: 'F16',
    });
  });

  it('falls back to 8192 without a context length, keeps only capabilities we model, and gives no levels to other thinkers', () => {
    const spec = convertOllamaModelSpec(
      'ollama',
      { name: 'qwen3:8b' },
      { details: { family: 'qwen3', parameter_size: '8.2B', quantization_level: '' }, model_info: {}, capabilities: ['completion', 'thinking', 'audio', 'vision'] },
    );
    expect(spec).toMatchObject({ contextLength: 8192, capabilities: ['completion', 'thinking', 'vision'], family: 'qwen3', kind: 'chat' });
    expect(spec.reasoningEfforts).toBeUndefined();
    expect(spec.quantization).toBeUndefined();
  });

  it('finds the context length without general.architecture, and copes with a null model_info', () => {
    expect(convertOllamaModelSpec('o', { name: 'a' }, { model_info: { 'phi3.context_length': 4096 }, capabilities: ['completion'] }).contextLength).toBe(4096);
    expect(convertOllamaModelSpec('o', { name: 'a' }, { model_info: null, capabilities: null }).capabilities).toEqual(['completion']);
  });
});

describe('convertOllamaListedModelSpec', () => {
  it('lists a model whose show failed as passthrough with what /api/tags says', () => {
    expect(convertOllamaListedModelSpec('ollama', listed(1))).toEqual({
      provider: 'ollama',
      id: 'nomic-embed-text:latest',
      displayName: 'nomic-embed-text:latest',
      family: 'nomic-bert',
      kind: 'embedding',
      contextLength: 8192,
      capabilities: ['embedding'],
      parameterSize: '137M',
      quantization: 'F16',
      passthrough: true,
    });
  });
});
