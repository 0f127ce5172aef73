import type { ModelSpec } from '../../../core/model-info.js';
import type { StreamEvent } from '../../../core/stream-event.js';

export async function* replay(events: readonly StreamEvent[]): AsyncGenerator<StreamEvent> {
  for (const event of events) yield event;
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Collects SSE frames, checks each is exactly one single-line `data:` event, and parses them ([DONE] stays a string). */
export async function parseSseFrames(frames: AsyncIterable<string>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const frame of frames) {
    const match = /^data: ([^\n]*)\n\n$/.exec(frame);
    if (!match?.[1]) throw new Error(`not one single-line SSE data frame: ${JSON.stringify(frame)}`);
    out.push(match[1] === '[DONE]' ? '[DONE]' : JSON.parse(match[1]));
  }
  return out;
}

/** Runs `fn` and returns what it threw (fails the test if it did not throw). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

export function modelSpec(overrides: Partial<ModelSpec> = {}): ModelSpec {
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
