import type { ModelSpec } from '../../../core/model-info.js';
import type { StreamEvent } from '../../../core/stream-event.js';
import type { OllamaClock } from '../ollama-clock.js';

/** A clock that moves 1 ms (1e6 ns) per reading and always says 2026-08-01T10:00:00.123Z. */
export function steppingClock(stepNs = 1_000_000n): OllamaClock {
  let ns = 0n;
  return {
    nowNs: () => (ns += stepNs),
    now: () => new Date('2026-08-01T10:00:00.123Z'),
  };
}

export async function* replay(events: readonly StreamEvent[]): AsyncGenerator<StreamEvent> {
  for (const event of events) yield event;
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Collects NDJSON frames, checks each is exactly one line, and parses them. */
export async function parseLines(frames: AsyncIterable<string>): Promise<unknown[]> {
  const lines: unknown[] = [];
  for await (const frame of frames) {
    if (!frame.endsWith('\n') || frame.indexOf('\n') !== frame.length - 1) throw new Error(`not one NDJSON line: ${frame}`);
    lines.push(JSON.parse(frame));
  }
  return lines;
}

export function chatSpec(overrides: Partial<ModelSpec> = {}): ModelSpec {
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
