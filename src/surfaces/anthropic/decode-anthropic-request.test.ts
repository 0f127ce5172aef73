import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { ProxyError } from '../../core/proxy-error.js';
import { toProxyError } from '../../util/to-proxy-error.js';
import { native, thrown, translated } from './__fixtures__/anthropic-test-helpers.js';
import { decodeAnthropicMessagesRequest } from './decode-anthropic-request.js';
import { effortForBudget } from './decode-anthropic-reasoning.js';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

function decode(body: Record<string, unknown>, probe = translated) {
  return decodeAnthropicMessagesRequest({ model: 'claude-sonnet-4-5', max_tokens: 1024, ...body }, probe).request;
}

/** The 400 a bad body gets, as the error handler sees it. */
function rejection(body: Record<string, unknown>, probe = translated): ProxyError {
  return toProxyError(thrown(() => decodeAnthropicMessagesRequest(body, probe)));
}

describe('decodeAnthropicMessagesRequest', () => {
  it('decodes a recorded Claude Code tool turn and keeps the whole body as the native request', () => {
    const body = fixture('claude-code-tool-turn.request.json');
    const { request } = decodeAnthropicMessagesRequest(body, translated);
    expect(request).toEqual({
      model: 'claude-sonnet-4-5-20250929',
      stream: true,
      maxTokens: 32000,
      temperature: 1,
      messages: [
        { role: 'system', content: "You are Claude Code, Anthropic's official CLI for Claude.\n\nUse the tools to answer." },
        { role: 'user', content: [{ type: 'text', text: 'What is in README.md?' }] },
        {
          role: 'assistant',
          content: 'Let me read it.',
          reasoning: 'I should read the file.',
          toolCalls: [{ id: 'toolu_01A09q90qw90lq917835lq9', name: 'Read', argumentsJson: '{"file_path":"/repo/README.md"}' }],
        },
        { role: 'tool', toolCallId: 'toolu_01A09q90qw90lq917835lq9', toolName: 'Read', content: '# Switchboard' },
        { role: 'user', content: [{ type: 'text', text: 'Summarise it.' }] },
      ],
      tools: [
        {
          name: 'Read',
          description: 'Reads a file from the local filesystem.',
          parameters: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'], additionalProperties: false },
        },
      ],
      toolChoice: 'auto',
      reasoning: 'high',
      user: 'user_abc123_account__session_0f6e',
      native: { dialect: 'anthropic-messages', body },
    });
    // The very object the client sent, so an Anthropic upstream sees cache_control and signatures untouched.
    expect(request.native?.body).toBe(body);
  });

  it('decodes string content, a system role message, sampling and stop sequences', () => {
    const request = decode({
      system: 'Be terse.',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Also polite.' }] },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'The answer is (' },
      ],
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['\n\nHuman:'],
    });
    expect(request).toMatchObject({
      messages: [
        { role: 'system', content: 'Be terse.' },
        { role: 'system', content: 'Also polite.' },
        { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
        { role: 'assistant', content: 'The answer is (' },
      ],
      stream: false,
      topP: 0.9,
      topK: 40,
      stop: ['\n\nHuman:'],
    });
  });

  it('decodes base64 and url images with their media type', () => {
    const request = decode({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
            { type: 'text', text: 'Compare.' },
          ],
        },
      ],
    });
    expect(request.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image', source: 'base64', mediaType: 'image/png', data: PNG },
          { type: 'image', source: 'url', url: 'https://example.com/cat.jpg' },
          { type: 'text', text: 'Compare.' },
        ],
      },
    ]);
  });

  it('turns several tool results into tool messages first, marks errors, and moves tool images into a user message', () => {
    const request = decode({
      messages: [
        { role: 'user', content: 'Look' },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'toolu_a', name: 'screenshot', input: {} },
            { type: 'tool_use', id: 'toolu_b', name: 'run', input: { cmd: 'ls' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_a', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } }] },
            { type: 'tool_result', tool_use_id: 'toolu_b', content: 'command not found', is_error: true },
          ],
        },
      ],
    });
    expect(request.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: '',
        toolCalls: [
          { id: 'toolu_a', name: 'screenshot', argumentsJson: '{}' },
          { id: 'toolu_b', name: 'run', argumentsJson: '{"cmd":"ls"}' },
        ],
      },
      { role: 'tool', toolCallId: 'toolu_a', toolName: 'screenshot', content: '' },
      { role: 'tool', toolCallId: 'toolu_b', toolName: 'run', content: 'Error: command not found' },
      {
        role: 'user',
        content: [
          { type: 'text', text: '(image output of tool call toolu_a)' },
          { type: 'image', source: 'base64', mediaType: 'image/png', data: PNG },
        ],
      },
    ]);
  });

  it('reads plain-text documents and rejects PDFs unless the upstream is Anthropic', () => {
    const textDocument = { type: 'document', title: 'notes.txt', source: { type: 'text', media_type: 'text/plain', data: 'buy milk' } };
    const pdf = { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } };
    expect(decode({ messages: [{ role: 'user', content: [textDocument] }] }).messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'notes.txt\n\nbuy milk' }] },
    ]);

    const error = rejection({ model: 'gpt-4o', max_tokens: 10, messages: [{ role: 'user', content: [pdf, { type: 'text', text: 'Summarise' }] }] });
    expect(error).toMatchObject({ code: 'unsupported', status: 400, info: { param: 'messages[0].content[0].source' } });
    // Through the native body the PDF reaches Anthropic; the canonical request keeps the rest.
    expect(decode({ messages: [{ role: 'user', content: [pdf, { type: 'text', text: 'Summarise' }] }] }, native).messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Summarise' }] },
    ]);
  });

  it('rejects server tools for translated upstreams and leaves them to the native body for Anthropic', () => {
    const tools = [
      { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
      { name: 'get_weather', input_schema: { type: 'object', properties: {} } },
    ];
    const probe = vi.fn(() => false);
    const error = rejection({ model: 'gpt-4o', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }], tools }, probe);
    expect(error).toMatchObject({ code: 'unsupported', info: { param: 'tools[0].type' } });
    expect(error.message).toContain('web_search_20250305');
    expect(probe).toHaveBeenCalledWith('gpt-4o');

    const request = decode({ messages: [{ role: 'user', content: 'hi' }], tools }, native);
    expect(request.tools).toEqual([{ name: 'get_weather', parameters: { type: 'object', properties: {} } }]);
  });

  it('asks whether the upstream is Anthropic only when a feature needs it', () => {
    const probe = vi.fn(() => false);
    decodeAnthropicMessagesRequest({ model: 'gpt-4o', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }, probe);
    expect(probe).not.toHaveBeenCalled();
  });

  it('maps tool_choice and disable_parallel_tool_use', () => {
    const base = { messages: [{ role: 'user', content: 'x' }], tools: [{ name: 'f', input_schema: { type: 'object' } }] };
    expect(decode({ ...base, tool_choice: { type: 'any', disable_parallel_tool_use: true } })).toMatchObject({
      toolChoice: 'required',
      parallelToolCalls: false,
    });
    expect(decode({ ...base, tool_choice: { type: 'tool', name: 'f' } }).toolChoice).toEqual({ name: 'f' });
    expect(decode({ ...base, tool_choice: { type: 'none' } }).toolChoice).toBe('none');
    expect(decode({ ...base, tool_choice: { type: 'auto' } })).not.toHaveProperty('parallelToolCalls');
    expect(rejection({ model: 'm', max_tokens: 1, ...base, tool_choice: { type: 'tool' } })).toMatchObject({ info: { param: 'tool_choice.name' } });
  });

  it('maps thinking to reasoning: budgets to efforts, disabled to off, adaptive to on, output_config.effort wins', () => {
    const messages = [{ role: 'user', content: 'x' }];
    expect(decode({ messages, thinking: { type: 'enabled', budget_tokens: 1024 } }).reasoning).toBe('low');
    expect(decode({ messages, thinking: { type: 'enabled', budget_tokens: 10000 } }).reasoning).toBe('medium');
    expect(decode({ messages, thinking: { type: 'enabled', budget_tokens: 31999 } }).reasoning).toBe('high');
    expect(decode({ messages, thinking: { type: 'disabled' } }).reasoning).toBe(false);
    expect(decode({ messages, thinking: { type: 'adaptive' } }).reasoning).toBe(true);
    expect(decode({ messages, thinking: { type: 'adaptive' }, output_config: { effort: 'max' } }).reasoning).toBe('max');
    expect(decode({ messages, output_config: { effort: 'low' } }).reasoning).toBe('low');
    expect(decode({ messages })).not.toHaveProperty('reasoning');
    expect([effortForBudget(4095), effortForBudget(4096), effortForBudget(16383), effortForBudget(16384)]).toEqual(['low', 'medium', 'medium', 'high']);
    expect(rejection({ model: 'm', max_tokens: 1, messages, output_config: { effort: 'extreme' } })).toMatchObject({ info: { param: 'output_config.effort' } });
  });

  it('maps structured output (current output_config.format and the beta output_format) to a JSON schema', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
    const messages = [{ role: 'user', content: 'x' }];
    expect(decode({ messages, output_config: { format: { type: 'json_schema', schema } } }).responseFormat).toEqual({ type: 'json-schema', schema, strict: true });
    expect(decode({ messages, output_format: { type: 'json_schema', schema } }).responseFormat).toEqual({ type: 'json-schema', schema, strict: true });
  });

  it('answers bad bodies with a 400 naming the field', () => {
    const messages = [{ role: 'user', content: 'x' }];
    expect(rejection({ model: 'm', messages })).toMatchObject({ code: 'invalid_request', status: 400, message: 'max_tokens: Field required', info: { param: 'max_tokens' } });
    expect(rejection({ max_tokens: 1, messages })).toMatchObject({ info: { param: 'model' } });
    expect(rejection({ model: 'm', max_tokens: 1, messages: [] })).toMatchObject({ info: { param: 'messages' } });
    expect(rejection({ model: 'm', max_tokens: 1, messages, temperature: 'hot' })).toMatchObject({ info: { param: 'temperature' } });
    expect(rejection({ model: 'm', max_tokens: 1, messages: [{ role: 'tool', content: 'x' }] })).toMatchObject({ info: { param: 'messages[0].role' } });
    expect(
      rejection({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', data: PNG } }] }] }),
    ).toMatchObject({ info: { param: 'messages[0].content[0].source.media_type' } });
    expect(rejection({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: [{ type: 'text' }] }] })).toMatchObject({
      info: { param: 'messages[0].content[0].text' },
    });
    expect(
      rejection({ model: 'm', max_tokens: 1, messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: 'x' }] }] }),
    ).toMatchObject({ info: { param: 'messages[0].content[0].input' } });
    expect(rejection({ model: 'm', max_tokens: 1, messages, tools: [{ name: 'f' }] })).toMatchObject({ info: { param: 'tools[0].input_schema' } });
    expect(rejection({ model: 'm', max_tokens: 1, messages, system: [{ type: 'image' }] })).toMatchObject({ info: { param: 'system[0].type' } });
  });

  it('leaves redacted thinking to the native body and rejects unknown blocks for translated upstreams', () => {
    const request = decode({
      messages: [
        { role: 'user', content: 'x' },
        { role: 'assistant', content: [{ type: 'redacted_thinking', data: 'EmwKAhgBEgy' }, { type: 'text', text: 'ok' }] },
        { role: 'user', content: 'y' },
      ],
    });
    expect(request.messages[1]).toEqual({ role: 'assistant', content: 'ok' });
    expect(
      rejection({ model: 'm', max_tokens: 1, messages: [{ role: 'assistant', content: [{ type: 'server_tool_use', id: 's', name: 'web_search', input: {} }] }] }),
    ).toMatchObject({ code: 'unsupported', info: { param: 'messages[0].content[0].type' } });
  });

  it('keeps only the user message of a user turn without tool results, even when empty', () => {
    expect(decode({ messages: [{ role: 'user', content: [] }] }).messages).toEqual([{ role: 'user', content: [{ type: 'text', text: '' }] }]);
  });

  it('is a ProxyError that survives the error handler unchanged', () => {
    const error = thrown(() => decodeAnthropicMessagesRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, translated));
    expect(ProxyError.is(error)).toBe(true);
  });
});
