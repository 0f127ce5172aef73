import { describe, expect, it } from 'vitest';
import { testModelSpec } from '../../../test/support/test-model-spec.js';
import { prepareNativeAnthropicBody } from './prepare-native-anthropic-body.js';
import { ThinkingMemory } from './thinking-memory.js';

const model = testModelSpec({ provider: 'anthropic', id: 'claude-sonnet-5-5', unsupportedParams: ['temperature', 'topP', 'topK'] });

describe('prepareNativeAnthropicBody', () => {
  it('keeps everything the client sent but the model, stream and sampling fields the catalog flags', () => {
    const native = {
      model: 'claude-sonnet',
      max_tokens: 2000,
      stream: true,
      temperature: 0.3,
      top_k: 5,
      stop_sequences: ['END'],
      system: [{ type: 'text', text: 'Cached rules', cache_control: { type: 'ephemeral' } }],
      metadata: { user_id: 'u1' },
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi', cache_control: { type: 'ephemeral', ttl: '1h' } }] }],
      service_tier: 'auto',
    };
    const body = prepareNativeAnthropicBody(native, model, false);
    const { temperature: _t, top_k: _k, stream: _s, ...kept } = native;
    expect(body).toEqual({ ...kept, model: 'claude-sonnet-5-5' });
    expect(prepareNativeAnthropicBody(native, model, true).stream).toBe(true);
    expect(native.model).toBe('claude-sonnet'); // the client's object is not modified
  });

  it('leaves signed thinking alone and replaces thinking that lost its signature with the remembered blocks', () => {
    const memory = new ThinkingMemory();
    memory.remember('claude-sonnet-5-5', [{ type: 'thinking', thinking: 'Plan.', signature: 'real-sig' }, { type: 'tool_use', id: 'toolu_1' }]);
    const toolUse = { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} };
    const messages = [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'Old.', signature: '' }, { type: 'text', text: 'Hello' }] },
      { role: 'user', content: 'Go' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'Plan.' }, toolUse] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'ok' }] },
    ];
    const body = prepareNativeAnthropicBody({ model: 'x', max_tokens: 10, messages }, model, false, memory);
    expect(body.messages).toEqual([
      messages[0],
      { role: 'assistant', content: [{ type: 'text', text: 'Hello' }] },
      messages[2],
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'Plan.', signature: 'real-sig' }, toolUse] },
      messages[4],
    ]);
    const signed = [{ role: 'assistant', content: [{ type: 'thinking', thinking: 'Mine.', signature: 'client-sig' }, toolUse] }];
    expect(prepareNativeAnthropicBody({ messages: signed }, model, false, memory).messages).toEqual(signed);
  });
});
