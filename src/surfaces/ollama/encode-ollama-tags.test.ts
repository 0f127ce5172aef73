import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chatSpec } from './__fixtures__/ollama-test-helpers.js';
import { encodeOllamaCapabilities, ollamaListedName } from './encode-ollama-model-details.js';
import { encodeOllamaTags } from './encode-ollama-tags.js';

const AT = '2026-08-01T09:00:00.000000000Z';

describe('encodeOllamaTags', () => {
  it('lists each model with name = model, a tag, size 0, a sha256 digest and full details', () => {
    const { models } = encodeOllamaTags(
      [
        { name: 'openai/gpt-4o', spec: chatSpec() },
        { name: 'openrouter/meta/llama-3:free', spec: chatSpec({ family: 'llama', parameterSize: '8B', quantization: 'Q4_K_M', capabilities: ['tools'] }) },
        { name: 'openai/text-embedding-3-small', spec: chatSpec({ kind: 'embedding', family: 'text-embedding', capabilities: [] }) },
      ],
      AT,
    );
    expect(models[0]).toEqual({
      name: 'openai/gpt-4o:latest',
      model: 'openai/gpt-4o:latest',
      modified_at: AT,
      size: 0,
      digest: createHash('sha256').update('openai/gpt-4o:latest').digest('hex'),
      details: { parent_model: '', format: '', family: 'gpt-4o', families: ['gpt-4o'], parameter_size: '', quantization_level: '' },
      capabilities: ['completion', 'tools', 'vision'],
    });
    expect(models[0]?.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(models[1]).toMatchObject({
      name: 'openrouter/meta/llama-3:free',
      details: { family: 'llama', families: ['llama'], parameter_size: '8B', quantization_level: 'Q4_K_M' },
      capabilities: ['completion', 'tools'],
    });
    expect(models[2]).toMatchObject({ name: 'openai/text-embedding-3-small:latest', capabilities: ['embedding'] });
  });

  it('answers an empty catalogue with an empty list, not null', () => {
    expect(encodeOllamaTags([], AT)).toEqual({ models: [] });
  });
});

describe('ollamaListedName', () => {
  it('adds :latest only when the part after the last slash has no tag', () => {
    expect(ollamaListedName('gpt-4o')).toBe('gpt-4o:latest');
    expect(ollamaListedName('llama3:8b')).toBe('llama3:8b');
    expect(ollamaListedName('host:8080/library/llama')).toBe('host:8080/library/llama:latest');
  });
});

describe('encodeOllamaCapabilities', () => {
  it('does not repeat completion', () => {
    expect(encodeOllamaCapabilities(chatSpec({ capabilities: ['completion', 'thinking'] }))).toEqual(['completion', 'thinking']);
  });
});
