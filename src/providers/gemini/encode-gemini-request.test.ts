import { describe, expect, it } from 'vitest';
import type { ChatRequest, Message } from '../../core/chat-request.js';
import type { ModelSpec } from '../../core/model-info.js';
import { ProxyError } from '../../core/proxy-error.js';
import { testModelSpec } from '../../../test/support/test-model-spec.js';
import { validateGenerateContent } from '../../../test/fakes/fake-gemini-validation.js';
import { DUMMY_THOUGHT_SIGNATURE } from './encode-gemini-contents.js';
import { encodeGeminiRequest } from './encode-gemini-request.js';
import { ThoughtSignatureMemory } from './thought-signature-memory.js';

const flash25 = testModelSpec({ provider: 'google', id: 'gemini-2.5-flash', capabilities: ['tools', 'vision', 'thinking'], reasoningEfforts: ['none', 'low', 'medium', 'high'] });
const pro25 = testModelSpec({ provider: 'google', id: 'gemini-2.5-pro', capabilities: ['tools', 'vision', 'thinking'], reasoningEfforts: ['low', 'medium', 'high'] });
const flash38 = testModelSpec({
  provider: 'google', id: 'gemini-3.8-flash', capabilities: ['tools', 'vision', 'thinking'], reasoningEfforts: ['low', 'medium', 'high'],
  unsupportedParams: ['temperature', 'topP', 'topK'],
});
const plain = testModelSpec({ provider: 'google', id: 'gemini-2.0-flash', capabilities: ['tools', 'vision'] });

const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });
const request = (extra: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'gemini', messages: [user('Hello')], stream: false, ...extra });
const weather = { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

function rejection(run: () => unknown): ProxyError {
  try {
    run();
  } catch (error) {
    if (ProxyError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a ProxyError');
}

describe('encodeGeminiRequest', () => {
  it('hoists system messages, maps roles, merges same-role turns, encodes images and names tool results from their calls', () => {
    const body = encodeGeminiRequest(request({
      messages: [
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: [{ type: 'text', text: 'Look:' }, { type: 'image', source: 'base64', mediaType: 'image/png', data: PNG }] },
        { role: 'user', content: [{ type: 'image', source: 'url', url: `data:image/png;base64,${PNG}` }, { type: 'image', source: 'url', url: 'https://example.com/cat.JPG' }, { type: 'text', text: '' }] },
        { role: 'system', content: 'Use tools.' },
        { role: 'assistant', content: 'Checking.', toolCalls: [
          { id: 'call_1', name: 'get_weather', argumentsJson: '{"city":"Paris"}' },
          { id: 'call_2', name: 'get_time', argumentsJson: '' },
        ] },
        { role: 'tool', toolCallId: 'call_1', content: '18C' },
        { role: 'tool', toolName: 'get_time', content: '{"time":"12:00"}' },
        user('Thanks'),
        { role: 'assistant', content: '' },
        { role: 'assistant', content: 'You are welcome.' },
      ],
    }), flash25);

    expect(body.systemInstruction).toEqual({ parts: [{ text: 'Be terse.' }, { text: 'Use tools.' }] });
    expect(body.contents).toEqual([
      { role: 'user', parts: [
        { text: 'Look:' },
        { inlineData: { mimeType: 'image/png', data: PNG } },
        { inlineData: { mimeType: 'image/png', data: PNG } },
        { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/cat.JPG' } },
      ] },
      { role: 'model', parts: [
        { text: 'Checking.' },
        { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
        { functionCall: { name: 'get_time', args: {} } },
      ] },
      { role: 'user', parts: [
        { functionResponse: { name: 'get_weather', response: { output: '18C' } } },
        { functionResponse: { name: 'get_time', response: { output: '{"time":"12:00"}' } } },
        { text: 'Thanks' },
      ] },
      { role: 'model', parts: [{ text: 'You are welcome.' }] },
    ]);
    // The fake applies the real API's parse and turn rules; the encoded body must pass them.
    expect(validateGenerateContent(body, { model: 'gemini-2.5-flash', issuedSignatures: new Set() })).toBeNull();
  });

  it('declares tools in one tool object with converted schemas, and maps tool_choice', () => {
    const tools = [weather, { name: 'now', parameters: { type: 'object', properties: {} } }];
    const body = encodeGeminiRequest(request({ tools, toolChoice: { name: 'get_weather' } }), flash25);
    expect(body.tools).toEqual([{ functionDeclarations: [
      { name: 'get_weather', description: 'Weather', parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } }, required: ['city'] } },
      { name: 'now' },
    ] }]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } });
    expect(encodeGeminiRequest(request({ tools, toolChoice: 'required' }), flash25).toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(encodeGeminiRequest(request({ tools, toolChoice: 'none' }), flash25).toolConfig).toEqual({ functionCallingConfig: { mode: 'NONE' } });
    expect(encodeGeminiRequest(request({ tools, toolChoice: 'auto' }), flash25).toolConfig).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
    expect(encodeGeminiRequest(request({ tools }), flash25).toolConfig).toBeUndefined();
  });

  it('answers 400 naming the tool and schema path when a schema cannot be converted, and for bad names or choices', () => {
    const recursive = { name: 'tree', parameters: { type: 'object', $defs: { n: { type: 'object', properties: { kids: { type: 'array', items: { $ref: '#/$defs/n' } } } } }, properties: { root: { $ref: '#/$defs/n' } } } };
    expect(rejection(() => encodeGeminiRequest(request({ tools: [weather, recursive] }), flash25))).toMatchObject({
      code: 'invalid_request',
      status: 400,
      message: "tool 'tree': its parameters schema cannot be converted for Gemini: recursive $ref '#/$defs/n' cannot be inlined for Gemini at '#/$defs/n/properties/kids/items/$ref'",
      info: { param: 'tools[1].function.parameters' },
    });
    expect(rejection(() => encodeGeminiRequest(request({ tools: [{ ...weather, name: '1st tool' }] }), flash25)).info.param).toBe('tools[0].function.name');
    expect(rejection(() => encodeGeminiRequest(request({ tools: [weather], toolChoice: { name: 'other' } }), flash25)).message).toContain("tool_choice names 'other'");
  });

  it('puts generation parameters in generationConfig and drops the ones the catalog says the model rejects', () => {
    const params: Partial<ChatRequest> = { maxTokens: 500, temperature: 0.3, topP: 0.9, topK: 40, stop: ['END'], seed: 7, presencePenalty: 0.1, frequencyPenalty: 0.2 };
    expect(encodeGeminiRequest(request(params), plain).generationConfig).toEqual({
      maxOutputTokens: 500, temperature: 0.3, topP: 0.9, topK: 40, stopSequences: ['END'], seed: 7, presencePenalty: 0.1, frequencyPenalty: 0.2,
    });
    expect(encodeGeminiRequest(request({ ...params, reasoning: false }), flash38).generationConfig).toEqual({
      maxOutputTokens: 500, stopSequences: ['END'], seed: 7, presencePenalty: 0.1, frequencyPenalty: 0.2, thinkingConfig: { thinkingLevel: 'LOW' },
    });
    expect(encodeGeminiRequest(request(), plain).generationConfig).toBeUndefined();
  });

  it('asks for JSON with responseMimeType, and for a schema with responseJsonSchema', () => {
    expect(encodeGeminiRequest(request({ responseFormat: { type: 'json' } }), plain).generationConfig).toEqual({ responseMimeType: 'application/json' });
    const schema = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { n: { type: 'integer' } }, required: ['n'], additionalProperties: false };
    expect(encodeGeminiRequest(request({ responseFormat: { type: 'json-schema', name: 'answer', schema, strict: true } }), plain).generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseJsonSchema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'], additionalProperties: false },
    });
    expect(encodeGeminiRequest(request({ responseFormat: { type: 'text' } }), plain).generationConfig).toBeUndefined();
  });

  it.each([
    ['2.5 flash, default', flash25, undefined, { includeThoughts: true }],
    ['2.5 flash, on', flash25, true, { includeThoughts: true }],
    ['2.5 flash, off', flash25, false, { thinkingBudget: 0 }],
    ['2.5 flash, none', flash25, 'none', { thinkingBudget: 0 }],
    ['2.5 flash, low', flash25, 'low', { includeThoughts: true, thinkingBudget: 1024 }],
    ['2.5 flash, minimal → low', flash25, 'minimal', { includeThoughts: true, thinkingBudget: 1024 }],
    ['2.5 flash, max → high', flash25, 'max', { includeThoughts: true, thinkingBudget: 24576 }],
    ['2.5 pro cannot stop thinking', pro25, false, { thinkingBudget: 1024 }],
    ['3.8 flash, medium', flash38, 'medium', { includeThoughts: true, thinkingLevel: 'MEDIUM' }],
    ['3.8 flash, minimal → low', flash38, 'minimal', { includeThoughts: true, thinkingLevel: 'LOW' }],
    ['3.8 flash, xhigh → high', flash38, 'xhigh', { includeThoughts: true, thinkingLevel: 'HIGH' }],
    ['3.8 flash, off → lowest level', flash38, false, { thinkingLevel: 'LOW' }],
    ['non-thinking model', plain, 'high', undefined],
    ['unknown 3.x id', testModelSpec({ id: 'gemini-3.9-ultra', passthrough: true, capabilities: ['tools'] }), 'minimal', { includeThoughts: true, thinkingLevel: 'MINIMAL' }],
    ['unknown 2.x id, off', testModelSpec({ id: 'gemini-2.5-flash-exp', passthrough: true, capabilities: ['tools'] }), false, { thinkingBudget: 0 }],
  ] as const)('thinkingConfig: %s', (_name, model, reasoning, expected) => {
    const config = encodeGeminiRequest(request(reasoning === undefined ? {} : { reasoning }), model as ModelSpec).generationConfig;
    expect(config?.thinkingConfig).toEqual(expected);
  });

  describe('thought signatures', () => {
    const toolTurn = (ids: [string, string]): Message[] => [
      user('Weather in Paris and Rome?'),
      { role: 'assistant', content: '', toolCalls: [
        { id: ids[0], name: 'get_weather', argumentsJson: '{"city":"Paris"}' },
        { id: ids[1], name: 'get_weather', argumentsJson: '{"city":"Rome"}' },
      ] },
      { role: 'tool', toolCallId: ids[0], content: '18C' },
      { role: 'tool', toolCallId: ids[1], content: '21C' },
    ];

    it('puts remembered signatures and upstream ids back on the calls, results and text they came with', () => {
      const memory = new ThoughtSignatureMemory();
      memory.rememberTurn('gemini-3.8-flash', { calls: [
        { id: 'fc-1', name: 'get_weather', argumentsJson: '{"city":"Paris"}', upstreamId: true, signature: 'SIG1' },
        { id: 'fc-2', name: 'get_weather', argumentsJson: '{"city":"Rome"}', upstreamId: true },
      ] });
      memory.rememberTurn('gemini-3.8-flash', { calls: [], text: { content: 'Earlier answer.', signature: 'TXT' } });
      const body = encodeGeminiRequest(request({ messages: [user('Hi'), { role: 'assistant', content: 'Earlier answer.' }, ...toolTurn(['fc-1', 'fc-2'])] }), flash38, memory);
      expect(body.contents[1]).toEqual({ role: 'model', parts: [{ text: 'Earlier answer.', thoughtSignature: 'TXT' }] });
      expect(body.contents[3]).toEqual({ role: 'model', parts: [
        { functionCall: { id: 'fc-1', name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'SIG1' },
        { functionCall: { id: 'fc-2', name: 'get_weather', args: { city: 'Rome' } } },
      ] });
      expect(body.contents[4]?.parts).toEqual([
        { functionResponse: { id: 'fc-1', name: 'get_weather', response: { output: '18C' } } },
        { functionResponse: { id: 'fc-2', name: 'get_weather', response: { output: '21C' } } },
      ]);
    });

    it('finds a signature by name and arguments when the client replaced the call ids', () => {
      const memory = new ThoughtSignatureMemory();
      memory.rememberTurn('gemini-3.8-flash', { calls: [{ id: 'call_orig', name: 'get_weather', argumentsJson: '{"city":"Paris"}', upstreamId: false, signature: 'SIG1' }] });
      const body = encodeGeminiRequest(request({ messages: toolTurn(['call_new1', 'call_new2']) }), flash38, memory);
      expect(body.contents[1]?.parts[0]?.thoughtSignature).toBe('SIG1');
      expect(body.contents[1]?.parts[0]?.functionCall).toEqual({ name: 'get_weather', args: { city: 'Paris' } });
    });

    it('gives the first unsigned call of each current-turn model content the dummy signature on Gemini 3 only', () => {
      const messages: Message[] = [
        user('Earlier question'),
        { role: 'assistant', content: '', toolCalls: [{ id: 'old', name: 'get_weather', argumentsJson: '{"city":"Oslo"}' }] },
        { role: 'tool', toolCallId: 'old', content: '2C' },
        { role: 'assistant', content: 'Oslo is cold.' },
        ...toolTurn(['a', 'b']),
        { role: 'assistant', content: '', toolCalls: [{ id: 'c', name: 'get_weather', argumentsJson: '{"city":"Bern"}' }] },
        { role: 'tool', toolCallId: 'c', content: '9C' },
      ];
      const body = encodeGeminiRequest(request({ messages }), flash38, new ThoughtSignatureMemory());
      const signatures = body.contents.filter((content) => content.role === 'model').map((content) => content.parts.map((part) => part.thoughtSignature));
      expect(signatures).toEqual([[undefined], [undefined], [DUMMY_THOUGHT_SIGNATURE, undefined], [DUMMY_THOUGHT_SIGNATURE]]);

      const older = encodeGeminiRequest(request({ messages }), flash25, new ThoughtSignatureMemory());
      expect(JSON.stringify(older)).not.toContain(DUMMY_THOUGHT_SIGNATURE);
    });

    it('does not reuse a signature another model issued', () => {
      const memory = new ThoughtSignatureMemory();
      memory.rememberTurn('gemini-3.1-pro-preview', { calls: [{ id: 'a', name: 'get_weather', argumentsJson: '{"city":"Paris"}', upstreamId: false, signature: 'PRO' }] });
      const body = encodeGeminiRequest(request({ messages: toolTurn(['a', 'b']) }), flash38, memory);
      expect(body.contents[1]?.parts[0]?.thoughtSignature).toBe(DUMMY_THOUGHT_SIGNATURE);
    });
  });

  it('rejects what Gemini cannot take with a 400', () => {
    expect(rejection(() => encodeGeminiRequest(request({ messages: [{ role: 'system', content: 'Only a system prompt' }] }), flash25)).info.param).toBe('messages');
    expect(rejection(() => encodeGeminiRequest(request({ messages: [user('x'), { role: 'tool', content: 'orphan' }] }), flash25)).message).toContain('Gemini needs the function name');
    expect(rejection(() => encodeGeminiRequest(request({ messages: [{ role: 'user', content: [{ type: 'image', source: 'url', url: 'https://example.com/image' }] }] }), flash25)).message)
      .toContain('send the image as base64 instead');
    expect(rejection(() => encodeGeminiRequest(request({ messages: [{ role: 'assistant', content: '', toolCalls: [{ id: 'x', name: 'f', argumentsJson: '[1]' }] }] }), flash25)).message)
      .toBe("tool call 'f' arguments must be a JSON object");
  });
});
