import { describe, expect, it } from 'vitest';
import type { ChatRequest, Message } from '../../core/chat-request.js';
import { testModelSpec } from '../../../test/support/test-model-spec.js';
import { encodeAnthropicRequest } from './encode-anthropic-request.js';
import { ThinkingMemory } from './thinking-memory.js';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk';

/** Claude Sonnet 4.5-style: budget thinking only (no effort parameter). */
const budgetModel = testModelSpec({ provider: 'anthropic', id: 'claude-haiku-4-5-20251001', maxOutputTokens: 64000, capabilities: ['tools', 'vision', 'thinking'] });
/** Claude 4.6+-style: takes an effort, rejects sampling parameters. */
const effortModel = testModelSpec({
  provider: 'anthropic',
  id: 'claude-sonnet-5-5',
  maxOutputTokens: 128000,
  capabilities: ['tools', 'vision', 'thinking'],
  unsupportedParams: ['temperature', 'topP', 'topK'],
  reasoningEfforts: ['low', 'medium', 'high', 'xhigh', 'max'],
});

function request(messages: Message[], extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'x', messages, stream: false, ...extra };
}

const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });

describe('encodeAnthropicRequest: messages', () => {
  it('hoists every system message, merges same-role turns and answers tool calls with tool_result blocks', () => {
    const body = encodeAnthropicRequest(
      request([
        { role: 'system', content: 'You are terse.' },
        user('Weather in Paris and Rome?'),
        { role: 'system', content: 'Use metric units.' },
        user('Quickly.'),
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            { id: 'toolu_a', name: 'get_weather', argumentsJson: '{"city":"Paris"}' },
            { id: 'toolu_b', name: 'get_weather', argumentsJson: '{"city":"Rome"}' },
          ],
        },
        { role: 'tool', toolCallId: 'toolu_a', content: '18C' },
        { role: 'tool', toolCallId: 'toolu_b', content: '' },
        user('Thanks, and this?'),
        { role: 'user', content: [{ type: 'image', source: 'base64', mediaType: 'image/png', data: PNG }, { type: 'text', text: '' }] },
      ]),
      budgetModel,
    );
    expect(body).toEqual({
      model: 'claude-haiku-4-5-20251001',
      max_tokens: 64000,
      system: 'You are terse.\n\nUse metric units.',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }, { type: 'text', text: 'Quickly.' }] },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'toolu_a', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'toolu_b', name: 'get_weather', input: { city: 'Rome' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_a', content: '18C' },
            { type: 'tool_result', tool_use_id: 'toolu_b' },
            { type: 'text', text: 'Thanks, and this?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
          ],
        },
      ],
    });
  });

  it('pairs tool results without ids to the calls by name, then by order', () => {
    const body = encodeAnthropicRequest(
      request([
        user('go'),
        {
          role: 'assistant',
          content: 'Calling.',
          toolCalls: [
            { id: 'call_1', name: 'time', argumentsJson: '' },
            { id: 'call_2', name: 'weather', argumentsJson: '{}' },
            { id: 'call_3', name: 'weather', argumentsJson: '{}' },
          ],
        },
        { role: 'tool', toolName: 'weather', content: 'sunny' },
        { role: 'tool', content: '12:00' },
        { role: 'tool', toolName: 'weather', content: 'rain' },
      ]),
      budgetModel,
    );
    expect(body.messages[1]?.content[0]).toEqual({ type: 'text', text: 'Calling.' });
    expect(body.messages[1]?.content[1]).toEqual({ type: 'tool_use', id: 'call_1', name: 'time', input: {} });
    expect(body.messages[2]?.content).toEqual([
      { type: 'tool_result', tool_use_id: 'call_2', content: 'sunny' },
      { type: 'tool_result', tool_use_id: 'call_1', content: '12:00' },
      { type: 'tool_result', tool_use_id: 'call_3', content: 'rain' },
    ]);
  });

  it('rejects a tool result that answers nothing, and tool arguments that are not a JSON object', () => {
    expect(() => encodeAnthropicRequest(request([user('hi'), { role: 'tool', content: 'x' }]), budgetModel)).toThrow(
      expect.objectContaining({ code: 'invalid_request', status: 400, info: expect.objectContaining({ param: 'messages[1].tool_call_id' }) }),
    );
    for (const argumentsJson of ['{"city":', '[1,2]']) {
      const messages: Message[] = [user('hi'), { role: 'assistant', content: '', toolCalls: [{ id: 't', name: 'f', argumentsJson }] }];
      expect(() => encodeAnthropicRequest(request(messages), budgetModel)).toThrow(
        expect.objectContaining({ code: 'invalid_request', info: expect.objectContaining({ param: 'messages[1].tool_calls[0].function.arguments' }) }),
      );
    }
  });

  it('sends remote images as url sources and data URLs as base64 with their media type', () => {
    const body = encodeAnthropicRequest(
      request([
        {
          role: 'user',
          content: [
            { type: 'image', source: 'url', url: 'https://example.com/cat.jpg' },
            { type: 'image', source: 'url', url: `data:image/webp;base64,${PNG}` },
            { type: 'text', text: 'What are these?' },
          ],
        },
      ]),
      budgetModel,
    );
    expect(body.messages[0]?.content).toEqual([
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/webp', data: PNG } },
      { type: 'text', text: 'What are these?' },
    ]);
  });

  it('opens with a user turn when the conversation starts with the assistant, and refuses an empty conversation', () => {
    const body = encodeAnthropicRequest(request([{ role: 'system', content: 's' }, { role: 'assistant', content: 'Hello!' }, user('Hi')]), budgetModel);
    expect(body.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(() => encodeAnthropicRequest(request([{ role: 'system', content: 'only a system prompt' }]), budgetModel)).toThrow(
      expect.objectContaining({ code: 'invalid_request' }),
    );
  });
});

describe('encodeAnthropicRequest: parameters', () => {
  it('always sends max_tokens: the client value, else the catalog maximum, else a large default', () => {
    expect(encodeAnthropicRequest(request([user('hi')], { maxTokens: 300 }), budgetModel).max_tokens).toBe(300);
    expect(encodeAnthropicRequest(request([user('hi')]), effortModel).max_tokens).toBe(128000);
    const { maxOutputTokens: _none, ...unknownModel } = budgetModel;
    expect(encodeAnthropicRequest(request([user('hi')]), unknownModel).max_tokens).toBe(8192);
  });

  it('maps sampling, stop, user and stream, clamping temperature to 0-1 and dropping what the catalog flags', () => {
    const sampling = { temperature: 1.6, topP: 0.9, topK: 40, stop: ['END'], user: 'u-42', stream: true, seed: 7, presencePenalty: 1 };
    expect(encodeAnthropicRequest(request([user('hi')], sampling), budgetModel)).toMatchObject({
      temperature: 1,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['END'],
      metadata: { user_id: 'u-42' },
      stream: true,
    });
    const dropped = encodeAnthropicRequest(request([user('hi')], sampling), effortModel);
    expect(dropped).not.toHaveProperty('temperature');
    expect(dropped).not.toHaveProperty('top_p');
    expect(dropped).not.toHaveProperty('top_k');
    expect(dropped).not.toHaveProperty('seed');
    expect(dropped.stop_sequences).toEqual(['END']);
  });

  it('maps tools and every tool choice', () => {
    const tools = [{ name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }, { name: 'now', parameters: {} }];
    const encode = (extra: Partial<ChatRequest>) => encodeAnthropicRequest(request([user('hi')], { tools, ...extra }), budgetModel);
    expect(encode({}).tools).toEqual([
      { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
      { name: 'now', input_schema: { type: 'object', properties: {} } },
    ]);
    expect(encode({}).tool_choice).toBeUndefined();
    expect(encode({ toolChoice: 'auto' }).tool_choice).toEqual({ type: 'auto' });
    expect(encode({ toolChoice: 'required' }).tool_choice).toEqual({ type: 'any' });
    expect(encode({ toolChoice: 'none' }).tool_choice).toEqual({ type: 'none' });
    expect(encode({ toolChoice: { name: 'now' }, parallelToolCalls: false }).tool_choice).toEqual({ type: 'tool', name: 'now', disable_parallel_tool_use: true });
    expect(encode({ parallelToolCalls: false }).tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(encodeAnthropicRequest(request([user('hi')], { toolChoice: 'required' }), budgetModel)).not.toHaveProperty('tool_choice');
  });

  it('asks for JSON-schema output through output_config.format, and for plain JSON in the system prompt', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };
    const structured = encodeAnthropicRequest(request([user('hi')], { responseFormat: { type: 'json-schema', schema, name: 'a' } }), effortModel);
    expect(structured.output_config).toEqual({ format: { type: 'json_schema', schema } });
    expect(structured).not.toHaveProperty('tools');
    const json = encodeAnthropicRequest(request([{ role: 'system', content: 'Be brief.' }, user('hi')], { responseFormat: { type: 'json' } }), effortModel);
    expect(json.system).toMatch(/^Be brief\.\n\nRespond with a single valid JSON value only/);
  });
});

describe('encodeAnthropicRequest: reasoning', () => {
  it('gives budget-only models thinking with a budget from the effort, drops temperature and raises max_tokens above the budget', () => {
    const high = encodeAnthropicRequest(request([user('hi')], { reasoning: 'high', temperature: 0.2, topK: 5, topP: 0.5 }), budgetModel);
    expect(high).toMatchObject({ max_tokens: 64000, thinking: { type: 'enabled', budget_tokens: 24576 } });
    expect(high).not.toHaveProperty('temperature');
    expect(high).not.toHaveProperty('top_k');
    expect(high).not.toHaveProperty('top_p');
    const small = encodeAnthropicRequest(request([user('hi')], { reasoning: true, maxTokens: 1000 }), budgetModel);
    expect(small).toMatchObject({ max_tokens: 11240, thinking: { type: 'enabled', budget_tokens: 10240 } });
    expect(small.thinking?.type === 'enabled' && small.thinking.budget_tokens).toBeLessThan(small.max_tokens);
  });

  it('keeps the budget below a catalog maximum that is smaller than the budget', () => {
    const tight = testModelSpec({ ...budgetModel, maxOutputTokens: 8192 });
    const body = encodeAnthropicRequest(request([user('hi')], { reasoning: 'max' }), tight);
    expect(body).toMatchObject({ max_tokens: 8192, thinking: { type: 'enabled', budget_tokens: 8191 } });
  });

  it('gives effort models adaptive thinking with output_config.effort, clamped to what the model accepts', () => {
    const low = encodeAnthropicRequest(request([user('hi')], { reasoning: 'minimal' }), effortModel);
    expect(low).toMatchObject({ max_tokens: 128000, thinking: { type: 'adaptive', display: 'summarized' }, output_config: { effort: 'low' } });
    const byDefault = encodeAnthropicRequest(request([user('hi')], { reasoning: true }), effortModel);
    expect(byDefault.thinking).toEqual({ type: 'adaptive', display: 'summarized' });
    expect(byDefault).not.toHaveProperty('output_config');
    const limited = testModelSpec({ ...effortModel, reasoningEfforts: ['low', 'medium', 'high'] });
    expect(encodeAnthropicRequest(request([user('hi')], { reasoning: 'max' }), limited).output_config).toEqual({ effort: 'high' });
  });

  it('sends no thinking when reasoning is off or unset, when tool use is forced, or when the catalog says the model cannot think', () => {
    const tools = [{ name: 'f', parameters: { type: 'object' } }];
    const cases: Array<[Partial<ChatRequest>, typeof budgetModel]> = [
      [{ reasoning: false }, budgetModel],
      [{ reasoning: 'none' }, effortModel],
      [{}, budgetModel],
      [{ reasoning: 'high', tools, toolChoice: 'required' }, budgetModel],
      [{ reasoning: 'high', tools, toolChoice: { name: 'f' } }, effortModel],
      [{ reasoning: 'high' }, testModelSpec({ ...budgetModel, capabilities: ['tools'] })],
    ];
    for (const [extra, model] of cases) {
      expect(encodeAnthropicRequest(request([user('hi')], extra), model), JSON.stringify(extra)).not.toHaveProperty('thinking');
    }
    const unknown = testModelSpec({ provider: 'anthropic', id: 'claude-next', capabilities: ['tools'], passthrough: true });
    expect(encodeAnthropicRequest(request([user('hi')], { reasoning: 'low' }), unknown).thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
  });
});

describe('encodeAnthropicRequest: thinking memory', () => {
  const toolTurn: Message[] = [
    user('Weather in Paris and Rome?'),
    {
      role: 'assistant',
      content: 'Checking.',
      reasoning: 'unsigned text a client sent back',
      toolCalls: [
        { id: 'toolu_p', name: 'w', argumentsJson: '{"city":"Paris"}' },
        { id: 'toolu_r', name: 'w', argumentsJson: '{"city":"Rome"}' },
      ],
    },
    { role: 'tool', toolCallId: 'toolu_p', content: '18' },
    { role: 'tool', toolCallId: 'toolu_r', content: '21' },
  ];

  it('puts the remembered signed thinking back into the tool-use turn, in its original order', () => {
    const memory = new ThinkingMemory();
    memory.remember('claude-sonnet-5-5', [
      { type: 'thinking', thinking: 'Two cities.', signature: 'sig1' },
      { type: 'tool_use', id: 'toolu_p' },
      { type: 'redacted_thinking', data: 'opaque' },
      { type: 'tool_use', id: 'toolu_r' },
    ]);
    const body = encodeAnthropicRequest(request(toolTurn, { reasoning: true }), effortModel, memory);
    expect(body.messages[1]?.content).toEqual([
      { type: 'thinking', thinking: 'Two cities.', signature: 'sig1' },
      { type: 'text', text: 'Checking.' },
      { type: 'tool_use', id: 'toolu_p', name: 'w', input: { city: 'Paris' } },
      { type: 'redacted_thinking', data: 'opaque' },
      { type: 'tool_use', id: 'toolu_r', name: 'w', input: { city: 'Rome' } },
    ]);
  });

  it('does not send thinking signed by another model, nor the unsigned reasoning text', () => {
    const memory = new ThinkingMemory();
    memory.remember('claude-opus-5-5', [{ type: 'thinking', thinking: 'x', signature: 'sig' }, { type: 'tool_use', id: 'toolu_p' }]);
    const body = encodeAnthropicRequest(request(toolTurn), effortModel, memory);
    expect(body.messages[1]?.content.map((block) => block.type)).toEqual(['text', 'tool_use', 'tool_use']);
  });
});
