import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/chat-request.js';
import type { ModelSpec } from '../../core/model-info.js';
import { testModelSpec } from '../../../test/support/test-model-spec.js';
import { encodeOpenAICompatibleRequest } from './encode-openai-compatible-request.js';
import { QUIRKS_BY_PROVIDER } from './quirks/index.js';

const chatModel: ModelSpec = testModelSpec({ capabilities: ['completion', 'tools', 'vision'] });

const reasoningModel: ModelSpec = {
  ...chatModel,
  id: 'o3-mini',
  unsupportedParams: ['temperature', 'topP', 'presencePenalty', 'frequencyPenalty', 'logprobs', 'logitBias'],
  systemRole: 'developer',
  reasoningEfforts: ['low', 'medium', 'high'],
};

const base: ChatRequest = {
  model: 'ignored',
  stream: false,
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'system', content: 'Answer in French.' },
    { role: 'user', content: [{ type: 'text', text: 'hi' }] },
  ],
};

describe('encodeOpenAICompatibleRequest', () => {
  it('sends max_completion_tokens, drops rejected sampling params and uses the developer role for reasoning models', () => {
    const body = encodeOpenAICompatibleRequest(
      { ...base, maxTokens: 100, temperature: 0.2, topP: 0.5, reasoning: 'minimal', passthrough: { logit_bias: { 1: 2 }, service_tier: 'flex' } },
      reasoningModel,
      QUIRKS_BY_PROVIDER.openai!,
    );
    expect(body).toEqual({
      model: 'o3-mini',
      messages: [
        { role: 'developer', content: 'Be brief.' },
        { role: 'developer', content: 'Answer in French.' },
        { role: 'user', content: 'hi' },
      ],
      max_completion_tokens: 100,
      reasoning_effort: 'low',
      service_tier: 'flex',
    });
  });

  it('always asks for stream usage where the vendor supports stream_options', () => {
    const body = encodeOpenAICompatibleRequest({ ...base, stream: true }, chatModel, QUIRKS_BY_PROVIDER.openai!);
    expect(body.stream_options).toEqual({ include_usage: true });
    const mistral = encodeOpenAICompatibleRequest({ ...base, stream: true }, { ...chatModel, provider: 'mistral' }, QUIRKS_BY_PROVIDER.mistral!);
    expect(mistral.stream_options).toBeUndefined();
  });

  it('builds Mistral bodies from its allow-list with random_seed, max_tokens, `any` and 9-character tool ids', () => {
    const body = encodeOpenAICompatibleRequest(
      {
        ...base,
        seed: 7,
        maxTokens: 50,
        user: 'u1',
        tools: [{ name: 'f', parameters: { type: 'object' } }],
        toolChoice: 'required',
        passthrough: { logprobs: true, store: true },
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'call f' }] },
          { role: 'assistant', content: '', toolCalls: [{ id: 'call_abcdefgh12345', name: 'f', argumentsJson: '{}' }] },
          { role: 'tool', toolCallId: 'call_abcdefgh12345', content: 'done' },
        ],
      },
      { ...chatModel, provider: 'mistral', id: 'mistral-large-latest' },
      QUIRKS_BY_PROVIDER.mistral!,
    );
    expect(body.random_seed).toBe(7);
    expect(body.max_tokens).toBe(50);
    expect(body.tool_choice).toBe('any');
    expect(body).not.toHaveProperty('user');
    expect(body).not.toHaveProperty('logprobs');
    expect(body).not.toHaveProperty('store');
    const messages = body.messages as Array<{ tool_calls?: Array<{ id: string }>; tool_call_id?: string }>;
    const rewritten = messages[1]!.tool_calls![0]!.id;
    expect(rewritten).toMatch(/^[a-zA-Z0-9]{9}$/);
    expect(messages[2]!.tool_call_id).toBe(rewritten);
  });

  it('makes Perplexity roles alternate: system first, runs merged, tool results as user text', () => {
    const body = encodeOpenAICompatibleRequest(
      {
        ...base,
        messages: [
          { role: 'assistant', content: 'Hello, how can I help?' },
          { role: 'user', content: [{ type: 'text', text: 'a' }] },
          { role: 'system', content: 'late system' },
          { role: 'user', content: [{ type: 'text', text: 'b' }] },
        ],
      },
      { ...chatModel, provider: 'perplexity', id: 'sonar' },
      QUIRKS_BY_PROVIDER.perplexity!,
    );
    expect(body.messages).toEqual([
      { role: 'system', content: 'late system' },
      { role: 'user', content: 'a\n\nb' },
    ]);
  });

  it('keeps DeepSeek reasoning_content only on tool-calling turns after the last user message', () => {
    const body = encodeOpenAICompatibleRequest(
      {
        ...base,
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'q1' }] },
          { role: 'assistant', content: 'a1', reasoning: 'old thoughts' },
          { role: 'user', content: [{ type: 'text', text: 'q2' }] },
          { role: 'assistant', content: '', reasoning: 'current thoughts', toolCalls: [{ id: 'c1', name: 'f', argumentsJson: '{}' }] },
          { role: 'tool', toolCallId: 'c1', content: 'r' },
        ],
      },
      { ...chatModel, provider: 'deepseek', id: 'deepseek-chat' },
      QUIRKS_BY_PROVIDER.deepseek!,
    );
    const messages = body.messages as Array<Record<string, unknown>>;
    expect(messages[1]).not.toHaveProperty('reasoning_content');
    expect(messages[3]!.reasoning_content).toBe('current thoughts');
  });

  it('sends images as data URLs and Groq parsed reasoning for thinking models', () => {
    const body = encodeOpenAICompatibleRequest(
      {
        ...base,
        messages: [{ role: 'user', content: [{ type: 'text', text: 'what?' }, { type: 'image', source: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' }] }],
      },
      { ...chatModel, provider: 'groq', id: 'qwen/qwen3-32b', capabilities: ['completion', 'thinking'] },
      QUIRKS_BY_PROVIDER.groq!,
    );
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'what?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
    ]);
    expect(body.reasoning_format).toBe('parsed');
  });
});
