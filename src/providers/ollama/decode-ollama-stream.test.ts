import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collect } from '../../../test/support/async-iterables.js';
import { decodeNdjson } from '../../util/ndjson.js';
import { decodeOllamaStream } from './decode-ollama-stream.js';

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

/** Bytes in awkward pieces (inside lines, inside multi-byte characters), as the network may deliver them. */
async function* bytes(text: string, pieceSize = 5, failAtEnd?: Error): AsyncGenerator<Uint8Array> {
  const encoded = new TextEncoder().encode(text);
  for (let i = 0; i < encoded.length; i += pieceSize) yield encoded.slice(i, i + pieceSize);
  if (failAtEnd) throw failAtEnd;
}

const context = { provider: 'ollama', model: 'qwen3:8b' };
const decode = (text: string, pieceSize?: number, failAtEnd?: Error) => collect(decodeOllamaStream(decodeNdjson(bytes(text, pieceSize, failAtEnd)), context));

describe('decodeOllamaStream', () => {
  it('turns a recorded thinking + content + tool call stream, split across frames, into blocks, a finish and usage', async () => {
    const events = await decode(fixture('ollama-chat-thinking-tool.chunks.ndjson'));
    expect(events[0]).toEqual({ type: 'start', id: expect.stringMatching(/^chatcmpl-/), model: 'qwen3:8b', created: Math.floor(Date.parse('2026-08-01T10:00:00Z') / 1000) });
    expect(events.slice(1)).toEqual([
      { type: 'block-start', index: 0, block: { kind: 'reasoning' } },
      { type: 'block-delta', index: 0, delta: 'The user wants' },
      { type: 'block-delta', index: 0, delta: ' the weather in Tokyo.' },
      { type: 'block-end', index: 0 },
      { type: 'block-start', index: 1, block: { kind: 'text' } },
      { type: 'block-delta', index: 1, delta: 'Let me check' },
      { type: 'block-delta', index: 1, delta: ' ☀️ for you.' },
      { type: 'block-end', index: 1 },
      { type: 'block-start', index: 2, block: { kind: 'tool-call', callId: 'call_k3j9x0ab', name: 'get_weather' } },
      { type: 'block-delta', index: 2, delta: '{"city":"Tokyo","unit":"celsius"}' },
      { type: 'block-end', index: 2 },
      { type: 'finish', reason: { unified: 'tool-calls', raw: 'stop' }, usage: { inputTokens: 182, outputTokens: 64 } },
    ]);
  });

  it('gives the same events whatever the frame size', async () => {
    const text = fixture('ollama-chat-thinking-tool.chunks.ndjson');
    const strip = (events: Awaited<ReturnType<typeof decode>>) => events.slice(1);
    expect(strip(await decode(text, 1))).toEqual(strip(await decode(text, 4096)));
  });

  it('decodes /api/generate lines (response at the top level) and a length finish', async () => {
    const events = await decode(fixture('ollama-generate.chunks.ndjson'), 3);
    expect(events.slice(1)).toEqual([
      { type: 'block-start', index: 0, block: { kind: 'text' } },
      { type: 'block-delta', index: 0, delta: '  x' },
      { type: 'block-delta', index: 0, delta: ' = 1\n' },
      { type: 'block-end', index: 0 },
      { type: 'finish', reason: { unified: 'length', raw: 'length' }, usage: { inputTokens: 14, outputTokens: 3 } },
    ]);
  });

  it('makes ids for tool calls from servers before 0.12.10 and opens a new block when thinking resumes after text', async () => {
    const lines = [
      { model: 'm', message: { role: 'assistant', content: '', thinking: 'a' }, done: false },
      { model: 'm', message: { role: 'assistant', content: 'b' }, done: false },
      { model: 'm', message: { role: 'assistant', content: '', thinking: 'c' }, done: false },
      { model: 'm', message: { role: 'assistant', content: '', tool_calls: [{ function: { name: 'f', arguments: {} } }, { function: { name: 'g', arguments: { x: 1 } } }] }, done: false },
      // The final object may carry content of its own.
      { model: 'm', message: { role: 'assistant', content: 'd' }, done: true, done_reason: 'stop', eval_count: 2 },
    ];
    const events = await decode(lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
    expect(events.slice(1).map((event) => (event.type === 'block-start' ? `${event.index}:${event.block.kind}` : event.type))).toEqual([
      '0:reasoning', 'block-delta', 'block-end', '1:text', 'block-delta', 'block-end', '2:reasoning', 'block-delta', 'block-end',
      '3:tool-call', 'block-delta', 'block-end', '4:tool-call', 'block-delta', 'block-end',
      '5:text', 'block-delta', 'block-end', 'finish',
    ]);
    const calls = events.flatMap((event) => (event.type === 'block-start' && event.block.kind === 'tool-call' ? [event.block] : []));
    expect(calls.map((call) => call.callId)).toEqual([expect.stringMatching(/^call_[a-z0-9]{8}$/), expect.stringMatching(/^call_[a-z0-9]{8}$/)]);
    expect(calls[0]?.callId).not.toBe(calls[1]?.callId);
    expect(events.at(-1)).toEqual({ type: 'finish', reason: { unified: 'tool-calls', raw: 'stop' }, usage: { outputTokens: 2 } });
  });

  it('ends with an upstream error event at an {"error"} line', async () => {
    const text = '{"model":"m","message":{"role":"assistant","content":"par"},"done":false}\n{"error":"an error was encountered while running the model: unexpected EOF"}\n';
    const events = await decode(text);
    expect(events.map((event) => event.type)).toEqual(['start', 'block-start', 'block-delta', 'error']);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { code: 'upstream_error', message: 'ollama: an error was encountered while running the model: unexpected EOF' } });
  });

  it('ends with an error event when the connection drops before the done line, and with finish when it drops after', async () => {
    const partial = '{"model":"m","message":{"role":"assistant","content":"par"},"done":false}\n';
    const dropped = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    expect((await decode(partial, 7, dropped)).at(-1)).toMatchObject({ type: 'error', error: { code: 'upstream_error' } });

    const complete = `${partial}{"model":"m","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}\n`;
    expect((await decode(complete, 7, dropped)).at(-1)).toMatchObject({ type: 'finish', reason: { unified: 'stop' } });
  });

  it('reports a stream that ends without its done line, and a line that is not JSON', async () => {
    const partial = '{"model":"m","message":{"role":"assistant","content":"par"},"done":false}\n';
    expect((await decode(partial)).at(-1)).toMatchObject({ type: 'error', error: { code: 'upstream_protocol', message: 'ollama stream ended without its done line' } });
    expect((await decode(`${partial}<html>\n`)).at(-1)).toMatchObject({ type: 'error', error: { code: 'upstream_protocol' } });
    expect(await decode('')).toEqual([{ type: 'error', error: expect.objectContaining({ code: 'upstream_protocol' }) }]);
  });
});
