import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../core/stream-event.js';
import { collect } from '../../../test/support/async-iterables.js';
import { decodeSse } from '../../util/sse.js';
import { decodeAnthropicStream } from './decode-anthropic-stream.js';
import type { ThinkingLayoutItem } from './thinking-memory.js';

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

/** SSE text as network frames of `pieceSize` bytes, so lines and events are cut at arbitrary places. */
async function* frames(text: string, pieceSize: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += pieceSize) yield bytes.subarray(i, i + pieceSize);
}

function decode(text: string, pieceSize = 7, onThinkingLayout?: (layout: ThinkingLayoutItem[]) => void): Promise<StreamEvent[]> {
  return collect(decodeAnthropicStream(decodeSse(frames(text, pieceSize)), { provider: 'anthropic', model: 'requested-model', ...(onThinkingLayout ? { onThinkingLayout } : {}) }));
}

const withoutCreated = (events: StreamEvent[]) => events.map((event) => (event.type === 'start' ? { ...event, created: 0 } : event));

describe('decodeAnthropicStream', () => {
  it('decodes thinking, text and a streamed tool call into blocks, with usage from message_start and message_delta', async () => {
    const layouts: ThinkingLayoutItem[][] = [];
    const events = await decode(fixture('anthropic-thinking-tool.sse.txt'), 7, (layout) => layouts.push(layout));
    expect(withoutCreated(events)).toEqual([
      { type: 'start', id: 'msg_01XFDUDYJgAACzvnptvVoYEL', model: 'claude-sonnet-4-6', created: 0 },
      { type: 'block-start', index: 0, block: { kind: 'reasoning' } },
      { type: 'block-delta', index: 0, delta: 'The user wants' },
      { type: 'block-delta', index: 0, delta: " Tokyo's weather." },
      { type: 'block-end', index: 0 },
      { type: 'block-start', index: 1, block: { kind: 'text' } },
      { type: 'block-delta', index: 1, delta: "I'll check" },
      { type: 'block-delta', index: 1, delta: ' the weather.' },
      { type: 'block-end', index: 1 },
      { type: 'block-start', index: 2, block: { kind: 'tool-call', callId: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather' } },
      { type: 'block-delta', index: 2, delta: '{"city": "To' },
      { type: 'block-delta', index: 2, delta: 'kyo"}' },
      { type: 'block-end', index: 2 },
      {
        type: 'finish',
        reason: { unified: 'tool-calls', raw: 'tool_use' },
        // input = 472 uncached + 2048 cache reads + 0 cache writes
        usage: { inputTokens: 2520, cacheReadTokens: 2048, cacheWriteTokens: 0, outputTokens: 89 },
      },
    ]);
    expect(layouts).toEqual([[
      { type: 'thinking', thinking: "The user wants Tokyo's weather.", signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds' },
      { type: 'tool_use', id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6' },
    ]]);
  });

  it('gives the same events however the bytes are cut (mid-line, mid-event, CRLF line ends)', async () => {
    const text = fixture('anthropic-thinking-tool.sse.txt');
    const reference = withoutCreated(await decode(text, text.length));
    for (const size of [1, 2, 3, 5, 13, 64, 1000]) {
      expect(withoutCreated(await decode(text, size)), `piece size ${size}`).toEqual(reference);
    }
    expect(withoutCreated(await decode(text.replace(/\n/g, '\r\n'), 4))).toEqual(reference);
  });

  it('yields each event as soon as its frame arrives, before the stream ends', async () => {
    const text = fixture('anthropic-thinking-tool.sse.txt');
    const firstDelta = text.indexOf('event: content_block_delta');
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* held(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode(text.slice(0, text.indexOf('event: content_block_delta', firstDelta + 1)));
      await gate;
      yield new TextEncoder().encode(text.slice(text.indexOf('event: content_block_delta', firstDelta + 1)));
    }
    const iterator = decodeAnthropicStream(decodeSse(held()), { provider: 'anthropic', model: 'm' })[Symbol.asyncIterator]();
    const seen: StreamEvent[] = [];
    for (let i = 0; i < 3; i++) seen.push((await iterator.next()).value as StreamEvent);
    expect(seen.map((event) => event.type)).toEqual(['start', 'block-start', 'block-delta']);
    release();
    const rest = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value);
    expect(rest.at(-1)?.type).toBe('finish');
  });

  it('skips redacted thinking, server tools and citations with unique, gap-free indexes; a call without deltas gets {}', async () => {
    const layouts: ThinkingLayoutItem[][] = [];
    const events = await decode(fixture('anthropic-server-tool.sse.txt'), 11, (layout) => layouts.push(layout));
    expect(events.slice(1)).toEqual([
      { type: 'block-start', index: 0, block: { kind: 'text' } },
      { type: 'block-delta', index: 0, delta: 'Nothing new.' },
      { type: 'block-end', index: 0 },
      { type: 'block-start', index: 1, block: { kind: 'tool-call', callId: 'toolu_02', name: 'list_files' } },
      { type: 'block-delta', index: 1, delta: '{}' },
      { type: 'block-end', index: 1 },
      {
        type: 'finish',
        reason: { unified: 'tool-calls', raw: 'tool_use' },
        usage: { inputTokens: 120, cacheReadTokens: 0, cacheWriteTokens: 100, outputTokens: 42, reasoningTokens: 30 },
      },
    ]);
    expect(layouts[0]).toEqual([
      { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP' },
      { type: 'tool_use', id: 'toolu_02' },
    ]);
  });

  it('ends with the mapped error when the upstream sends an error event mid-stream', async () => {
    const text = fixture('anthropic-thinking-tool.sse.txt');
    const cut = text.indexOf('event: content_block_start', text.indexOf('"index":1') - 80);
    const events = await decode(`${text.slice(0, cut)}event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n`);
    const last = events.at(-1);
    expect(last?.type).toBe('error');
    expect(last?.type === 'error' && last.error.code).toBe('upstream_overloaded');
    expect(last?.type === 'error' && last.error.message).toContain('Overloaded');
    expect(events.some((event) => event.type === 'finish')).toBe(false);
  });

  it('ends with upstream_protocol when the stream stops before message_stop', async () => {
    const text = fixture('anthropic-thinking-tool.sse.txt');
    const events = await decode(text.slice(0, text.indexOf('event: message_stop')));
    const last = events.at(-1);
    expect(last?.type === 'error' && last.error.code).toBe('upstream_protocol');
  });

  it('turns a dropped connection into an upstream_error event instead of throwing', async () => {
    const text = fixture('anthropic-thinking-tool.sse.txt');
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode(text.slice(0, 900));
      throw Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    }
    const events = await collect(decodeAnthropicStream(decodeSse(broken()), { provider: 'anthropic', model: 'm' }));
    const last = events.at(-1);
    expect(last?.type === 'error' && last.error.code).toBe('upstream_error');
  });

  it('does not report a failure that comes after message_stop', async () => {
    const text = fixture('anthropic-thinking-tool.sse.txt');
    async function* closedLate(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode(text);
      throw Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    }
    const events = await collect(decodeAnthropicStream(decodeSse(closedLate()), { provider: 'anthropic', model: 'm' }));
    expect(events.at(-1)?.type).toBe('finish');
  });
});
