import type { ModelSpec } from '../../src/core/model-info.js';

/** A chat model spec (gpt-4o at openai) for codec and route tests; override what the test is about. */
export function testModelSpec(overrides: Partial<ModelSpec> = {}): ModelSpec {
  return {
    provider: 'openai',
    id: 'gpt-4o',
    displayName: 'GPT-4o',
    family: 'gpt-4o',
    kind: 'chat',
    contextLength: 128000,
    capabilities: ['tools', 'vision'],
    ...overrides,
  };
}
